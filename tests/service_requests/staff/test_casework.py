"""Casework on the request view: assignment (members of involved inboxes only), priority,
bringing in another inbox, the service plan with milestones, provider engagements."""

from service_requests.choices import EventKind
from service_requests.models import ProviderEngagement
from tests.service_requests.staff.helpers import post_action as _post


def test_assign_and_priority(client, metrology_staff, testing_staff, make_request):
    service_request = make_request(["metrology"])
    client.force_login(metrology_staff)
    response = _post(
        client, service_request, action="assign", assigned_to=testing_staff.pk, priority="high"
    )
    assert response.status_code == 400  # not a member of an involved inbox
    response = _post(
        client, service_request, action="assign", assigned_to=metrology_staff.pk, priority="high"
    )
    assert response.status_code == 302
    service_request.refresh_from_db()
    assert service_request.assigned_to == metrology_staff and service_request.priority == "high"
    kinds = set(service_request.events.values_list("kind", flat=True))
    assert {EventKind.ASSIGNED, EventKind.PRIORITY_CHANGED} <= kinds


def test_bring_in_another_inbox(client, metrology_staff, testing_staff, inboxes, make_request):
    service_request = make_request(["metrology"])
    client.force_login(testing_staff)
    assert client.get(f"/admin/requests/{service_request.pk}/").status_code == 404
    client.force_login(metrology_staff)
    response = _post(client, service_request, action="involve", inbox=inboxes["testing"].pk)
    assert response.status_code == 302
    client.force_login(testing_staff)
    assert client.get(f"/admin/requests/{service_request.pk}/").status_code == 200
    # Now testing staff may be assigned: the request is one case for both inboxes.
    response = _post(
        client, service_request, action="assign", assigned_to=testing_staff.pk, priority="normal"
    )
    assert response.status_code == 302


def test_service_plan_and_milestones(client, metrology_staff, make_request, providers):
    service_request = make_request(["metrology"], "accepted")
    client.force_login(metrology_staff)
    response = _post(
        client,
        service_request,
        action="plan",
        text="上门检定 20 台天平",
        providers=[p.pk for p in providers],
    )
    assert response.status_code == 302
    plan = service_request.plan
    assert plan.text == "上门检定 20 台天平" and plan.updated_by == metrology_staff
    assert set(plan.providers.all()) == set(providers)

    response = _post(
        client, service_request, action="milestone", title="现场检定", due_date="2026-12-10"
    )
    assert response.status_code == 302
    milestone = service_request.milestones.get()
    assert not milestone.done
    _post(client, service_request, action="milestone_done", milestone=milestone.pk)
    milestone.refresh_from_db()
    assert milestone.done
    bad = _post(client, service_request, action="milestone", title="", due_date="not a date")
    assert bad.status_code == 400


def test_milestone_of_another_request_is_404(client, metrology_staff, make_request):
    mine = make_request(["metrology"])
    other = make_request(["testing"])
    milestone = other.milestones.create(title="别人的", due_date="2026-12-01")
    client.force_login(metrology_staff)
    response = _post(client, mine, action="milestone_done", milestone=milestone.pk)
    assert response.status_code == 404


def test_provider_engagements(client, metrology_staff, make_request, providers):
    service_request = make_request(["metrology", "testing"], "accepted")
    client.force_login(metrology_staff)
    lead, partner = providers
    for provider, role in ((lead, "lead"), (partner, "partner")):
        response = _post(
            client, service_request, action="refer", provider=provider.pk, role=role, note="请对接"
        )
        assert response.status_code == 302
    # Referring an engaged provider again is refused until it declines or is withdrawn.
    response = _post(client, service_request, action="refer", provider=partner.pk, role="lead")
    assert response.status_code == 400
    engagement = ProviderEngagement.objects.get(request=service_request, provider=partner)
    response = _post(
        client, service_request, action="withdraw", engagement=engagement.pk, note="改派"
    )
    assert response.status_code == 302
    engagements = ProviderEngagement.objects.filter(request=service_request)
    assert engagements.count() == 2
    assert engagements.get(provider=partner).status == "withdrawn"
    assert service_request.events.filter(kind=EventKind.ENGAGEMENT).count() == 3
    html = client.get(f"/admin/requests/{service_request.pk}/").content.decode()
    assert "技术机构0" in html and "已撤回" in html
