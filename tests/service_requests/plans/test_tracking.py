"""The enterprise's tracking page shows its plan in plain words, never staff notes."""

import pytest

from service_requests import plans
from service_requests.models import PlanStep

pytestmark = pytest.mark.django_db


def _track(client, service_request, prefix=""):
    url = f"{prefix}/request/track/{service_request.reference}/{service_request.tracking_token}/"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_plan_in_plain_words(client, from_solution, metrology_staff, directory):
    service_request = from_solution(["metrology"])
    first, second, third = service_request.plan_steps.all()
    first.note = "内部备注:价格敏感"
    first.save()
    plans.engage_step(first, first.provider, by=metrology_staff, note="转介说明")
    other = directory["providers"][1]
    engagement = plans.engage_step(second, other, by=metrology_staff)
    html = _track(client, service_request)
    assert "服务策划" in html
    assert "等待机构答复" in html and "平台正在安排" in html
    assert first.provider.title in html and other.title in html
    # Chinese punctuation: the third step's institution is still a suggestion.
    assert f"{third.provider.title}（建议）" in html and "(建议)" not in html
    assert f"{third.element}：{third.service.title}" in html
    assert "内部备注" not in html and "转介说明" not in html
    engagement.status = "declined"
    engagement.decline_reason = "排期已满"
    engagement.save()
    html = _track(client, service_request)
    assert "另行安排" in html and "排期已满" not in html
    for status, words in [
        ("accepted", "机构已接受"),
        ("in_progress", "办理中"),
        ("delivered", "已完成"),
    ]:
        first.engagement.status = status
        first.engagement.save()
        assert words in _track(client, service_request)
    assert third.service.title in html


def test_the_plan_in_english(client, from_solution, metrology_staff):
    service_request = from_solution(["metrology"])
    first = service_request.plan_steps.first()
    plans.engage_step(first, first.provider, by=metrology_staff)
    html = _track(client, service_request, "/en")
    assert "Your service plan" in html and "Waiting for the institution" in html
    assert "Metrology" in html or "Standards" in html or "Certification" in html


def test_staff_steps_show_without_a_solution(client, make_request, directory):
    service_request = make_request(["metrology"])
    assert "服务策划" not in _track(client, service_request).split("<h1")[1].split("进度")[0]
    element = service_request.elements.get()
    PlanStep.objects.create(request=service_request, order=1, element=element)
    html = _track(client, service_request)
    assert element.name in html and "待定" in html


def test_tracking_queries_are_bounded(
    client, from_solution, metrology_staff, django_assert_max_num_queries
):
    service_request = from_solution(["metrology"])
    for step in service_request.plan_steps.all():
        plans.engage_step(step, step.provider, by=metrology_staff)
    url = f"/en/request/track/{service_request.reference}/{service_request.tracking_token}/"
    client.get(url)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
