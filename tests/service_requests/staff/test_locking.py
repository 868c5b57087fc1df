"""Optimistic locking on the request view: two staff open the same request; the second save
over the first's change is refused with a clear warning (no silent overwrite)."""

from service_requests.choices import EventKind
from tests.service_requests.staff.helpers import post_action


def _shown_version(client, service_request):
    page = client.get(f"/admin/requests/{service_request.pk}/")
    return page.context["service_request"].version, page.content.decode()


def test_second_save_over_a_change_is_a_conflict(
    client, metrology_staff, coordinator, make_request
):
    service_request = make_request(["metrology"], "accepted")
    first, second = client, client.__class__()
    first.force_login(metrology_staff)
    second.force_login(coordinator)
    version, page = _shown_version(first, service_request)
    assert f'name="version" value="{version}"' in page  # every form carries it
    seen_by_second, _page = _shown_version(second, service_request)
    assert seen_by_second == version

    saved = post_action(
        first,
        service_request,
        action="assign",
        assigned_to=metrology_staff.pk,
        priority="high",
        version=version,
    )
    assert saved.status_code == 302

    response = post_action(
        second, service_request, action="assign", assigned_to="", priority="urgent", version=version
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "after you opened it" in body or "在您打开之后" in body
    assert "m-staff" in body  # who changed it
    # The second editor's input is kept, the page shows the request as it is now.
    form = response.context["assign_form"]
    assert form.data["priority"] == "urgent" and form.non_field_errors()
    current = response.context["service_request"].version
    assert f'name="version" value="{current}"' in body and current > version
    service_request.refresh_from_db()
    assert service_request.priority == "high" and service_request.assigned_to == metrology_staff
    assert service_request.events.filter(kind=EventKind.PRIORITY_CHANGED).count() == 1

    # Having seen the change, the second editor saves again on purpose: it applies.
    again = post_action(
        second, service_request, action="assign", assigned_to="", priority="urgent", version=current
    )
    assert again.status_code == 302
    service_request.refresh_from_db()
    assert service_request.priority == "urgent"


def test_every_changing_form_checks_the_version(client, coordinator, make_request):
    service_request = make_request(["metrology"], "accepted")
    client.force_login(coordinator)
    stale = service_request.version
    post_action(client, service_request, action="note", text="先到的备注")
    milestone = service_request.milestones.create(title="现场检定", due_date="2026-12-10")
    attempts = {
        "transition": {"to_state": "in_progress", "note": "开始"},
        "note": {"text": "后到的备注"},
        "plan": {"text": "计划"},
        "milestone": {"title": "新节点", "due_date": "2026-12-20"},
        "milestone_done": {"milestone": milestone.pk},
    }
    for action, data in attempts.items():
        response = post_action(client, service_request, action=action, version=stale, **data)
        assert response.status_code == 409, action
    assert (
        post_action(client, service_request, action="note", text="x", version="").status_code == 409
    )
    service_request.refresh_from_db()
    milestone.refresh_from_db()
    assert service_request.state == "accepted" and not milestone.done
    assert not hasattr(service_request, "plan") and service_request.milestones.count() == 1
    assert list(
        service_request.events.filter(kind=EventKind.NOTE).values_list("note", flat=True)
    ) == ["先到的备注"]


def test_invalid_form_does_not_move_the_version(client, coordinator, make_request):
    service_request = make_request(["metrology"], "accepted")
    client.force_login(coordinator)
    version = service_request.version
    bad = post_action(client, service_request, action="milestone", title="", due_date="x")
    assert bad.status_code == 400
    service_request.refresh_from_db()
    assert service_request.version == version  # the claim was rolled back with the change
    good = post_action(
        client,
        service_request,
        action="milestone",
        title="节点",
        due_date="2026-12-20",
        version=version,
    )
    assert good.status_code == 302


def test_enterprise_information_makes_an_open_staff_form_stale(client, coordinator, make_request):
    service_request = make_request(["metrology"], "accepted")
    client.force_login(coordinator)
    version, _page = _shown_version(client, service_request)
    service_request.events.create(kind=EventKind.ENTERPRISE_INFORMATION, note="补充了型号")
    response = post_action(
        client,
        service_request,
        action="transition",
        to_state="in_progress",
        note="开始",
        version=version,
    )
    assert response.status_code == 409
