"""A request made from a solution starts its plan with one step per solution step."""

import pytest
from django.conf import settings

from directory.models import Element
from service_requests import plans
from service_requests.models import PlanStep

pytestmark = pytest.mark.django_db


def test_a_request_from_a_solution_starts_a_plan(from_solution, solution):
    service_request = from_solution(["metrology"])
    steps = list(service_request.plan_steps.all())
    solution_steps = list(solution.steps.order_by("sort_order"))
    assert [step.order for step in steps] == [1, 2, 3]
    assert [step.service for step in steps] == [s.service for s in solution_steps]
    assert [step.provider_id for step in steps] == [s.service.provider_id for s in solution_steps]
    for step, solution_step in zip(steps, solution_steps, strict=True):
        first = solution_step.service.elements.order_by("sort_order", "code").first()
        assert step.element.code == first.code
        assert step.element.locale.language_code == settings.LANGUAGE_CODE
        assert step.engagement is None and step.note == ""


def test_a_request_without_a_solution_has_no_plan(make_request, directory):
    assert make_request(["metrology"]).plan_steps.count() == 0


def test_a_step_whose_service_has_no_element_takes_the_request_s(from_solution, solution):
    first = solution.steps.order_by("sort_order").first()
    first.service.elements.clear()
    service_request = from_solution(["testing", "metrology"])
    step = service_request.plan_steps.get(order=1)
    assert step.element == Element.objects.get(
        code="metrology", locale__language_code=settings.LANGUAGE_CODE
    )


def test_the_plan_is_written_with_the_request(from_solution, solution, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("signal receiver failed")

    monkeypatch.setattr("service_requests.signals.request_submitted.send", fail)
    with pytest.raises(RuntimeError):
        from_solution(["metrology"])
    assert PlanStep.objects.count() == 0


def test_engage_step_refers_the_provider(from_solution, directory, metrology_staff):
    service_request = from_solution(["metrology"])
    first, second, third = service_request.plan_steps.all()
    engagement = plans.engage_step(first, first.provider, by=metrology_staff, note="请报价")
    assert engagement.status == "referred" and engagement.note == "请报价"
    assert engagement.referred_at is not None and engagement.respond_by is not None
    first.refresh_from_db()
    assert first.engagement == engagement
    # The same provider on another step: the same engagement (one per provider and request).
    again = plans.engage_step(second, first.provider, by=metrology_staff)
    assert again == engagement and service_request.engagements.count() == 1
    # Through the life cycle: referring is one timeline event and notifies the provider.
    assert service_request.events.filter(kind="engagement").count() == 1
    # A provider that declined is referred again when a step is given to it.
    engagement.status = "declined"
    engagement.save()
    again = plans.engage_step(third, first.provider, by=metrology_staff)
    assert again.pk == engagement.pk and again.status == "referred"
    assert service_request.events.filter(kind="engagement").count() == 2
