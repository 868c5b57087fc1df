"""Adjusting a plan's steps on the request view (lead inbox and coordinators only) and engaging
a provider on a step."""

import pytest

from service_requests.choices import EventKind
from service_requests.models import PlanStep, ProviderEngagement
from tests.service_requests.staff.helpers import post_action

pytestmark = pytest.mark.django_db


def formset_data(service_request, changes=None, new=None):
    """The steps formset as the page posts it, each step as shown, with ``changes`` by step id
    and an optional ``new`` step."""
    steps = list(service_request.plan_steps.all())
    data = {
        "action": "plan_steps",
        "steps-TOTAL_FORMS": len(steps) + 1,
        "steps-INITIAL_FORMS": len(steps),
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for index, step in enumerate(steps):
        row = {
            "id": step.pk,
            "order": step.order,
            "element": step.element_id,
            "service": step.service_id or "",
            "provider": step.provider_id or "",
            "note": step.note,
            **(changes or {}).get(step.pk, {}),
        }
        data.update({f"steps-{index}-{key}": value for key, value in row.items()})
    new = new or {"order": len(steps) + 1}  # the empty step as the page shows it
    for key, value in new.items():
        data[f"steps-{len(steps)}-{key}"] = value
    return data


def test_the_request_view_shows_the_plan(client, from_solution, metrology_staff, solution):
    service_request = from_solution(["metrology"])
    client.force_login(metrology_staff)
    html = client.get(f"/admin/requests/{service_request.pk}/").content.decode()
    assert "Steps of the plan" in html or "服务策划" in html
    for step in service_request.plan_steps.all():
        assert step.service.title in html and step.provider.title in html
    assert 'name="steps-TOTAL_FORMS"' in html and 'value="engage_step"' in html


def test_reorder_remove_change_and_add_steps(client, from_solution, metrology_staff, directory):
    service_request = from_solution(["metrology"])
    first, second, third = service_request.plan_steps.all()
    other = directory["providers"][1]
    client.force_login(metrology_staff)
    data = formset_data(
        service_request,
        changes={
            first.pk: {"order": 5},
            second.pk: {"DELETE": "on"},
            third.pk: {"provider": other.pk, "note": "内部:先联系"},
        },
        new={"order": 9, "element": first.element_id, "note": "补充"},
    )
    response = post_action(client, service_request, **data)
    assert response.status_code == 302, response.content.decode()[:2000]
    steps = list(service_request.plan_steps.all())
    assert [(s.pk, s.order) for s in steps[:2]] == [(third.pk, 1), (first.pk, 2)]
    assert steps[0].provider == other and steps[0].note == "内部:先联系"
    assert steps[2].order == 3 and steps[2].service is None and steps[2].note == "补充"
    assert not PlanStep.objects.filter(pk=second.pk).exists()
    assert service_request.events.filter(kind=EventKind.PLAN_UPDATED).count() == 1


def test_a_bad_step_is_a_form_error(client, from_solution, metrology_staff):
    service_request = from_solution(["metrology"])
    client.force_login(metrology_staff)
    data = formset_data(service_request, new={"order": 4, "element": 999999})
    response = post_action(client, service_request, **data)
    assert response.status_code == 400
    assert service_request.plan_steps.count() == 3
    assert not service_request.events.filter(kind=EventKind.PLAN_UPDATED).exists()


def test_only_the_lead_inbox_and_coordinators_adjust(
    client, from_solution, inboxes, metrology_staff, testing_staff, coordinator
):
    service_request = from_solution(["metrology"])
    service_request.inboxes.add(inboxes["testing"])  # involved, not lead
    client.force_login(testing_staff)
    html = client.get(f"/admin/requests/{service_request.pk}/").content.decode()
    assert 'value="plan_steps"' not in html
    step = service_request.plan_steps.first()
    data = formset_data(service_request, changes={step.pk: {"DELETE": "on"}})
    assert post_action(client, service_request, **data).status_code == 403
    engage = {"action": "engage_step", "step": step.pk}
    assert post_action(client, service_request, **engage).status_code == 403
    assert service_request.plan_steps.count() == 3 and not ProviderEngagement.objects.exists()
    client.force_login(coordinator)
    assert post_action(client, service_request, **data).status_code == 302
    assert service_request.plan_steps.count() == 2


def test_engage_two_steps_with_two_providers(client, from_solution, metrology_staff, directory):
    service_request = from_solution(["metrology"])
    first, second, _third = service_request.plan_steps.all()
    other = directory["providers"][1]
    client.force_login(metrology_staff)
    response = post_action(
        client, service_request, action="engage_step", step=first.pk, note="请三日内答复"
    )
    assert response.status_code == 302
    response = post_action(
        client, service_request, action="engage_step", step=second.pk, provider=other.pk
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.engagement.provider == first.provider and first.engagement.note == "请三日内答复"
    assert second.engagement.provider == other and second.provider == other
    assert {e.status for e in service_request.engagements.all()} == {"referred"}
    html = client.get(f"/admin/requests/{service_request.pk}/").content.decode()
    assert html.count("Referred") + html.count("已转介") >= 2


def test_guessed_steps_of_another_request_are_refused(client, from_solution, metrology_staff):
    mine, theirs = from_solution(["metrology"]), from_solution(["metrology"])
    client.force_login(metrology_staff)
    foreign = theirs.plan_steps.first()
    response = post_action(client, mine, action="engage_step", step=foreign.pk)
    assert response.status_code == 400
    data = formset_data(mine)
    data["steps-0-id"] = foreign.pk
    data["steps-0-note"] = "改别人的步骤"
    assert post_action(client, mine, **data).status_code == 400  # not a step of this request
    data["steps-0-DELETE"] = "on"
    assert post_action(client, mine, **data).status_code == 400
    assert mine.plan_steps.count() == 3
    assert not theirs.plan_steps.filter(note="改别人的步骤").exists()
    assert theirs.plan_steps.count() == 3 and not ProviderEngagement.objects.exists()


def test_request_view_queries_are_bounded(
    client, from_solution, metrology_staff, django_assert_max_num_queries
):
    service_request = from_solution(["metrology"])
    client.force_login(metrology_staff)
    url = f"/admin/requests/{service_request.pk}/"
    client.get(url)
    with django_assert_max_num_queries(60) as captured:
        client.get(url)
    baseline = len(captured)
    for step in service_request.plan_steps.all():
        PlanStep.objects.create(request=service_request, order=9, element=step.element)
    with django_assert_max_num_queries(baseline):
        client.get(url)
