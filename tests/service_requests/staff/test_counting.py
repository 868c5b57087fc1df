"""Bounded counts of the staff side: state badges, menu badge, dashboard and paginator read at
most COUNT_LIMIT + 1 rows and show "N+" beyond."""

import pytest

from service_requests.models import ServiceRequest
from service_requests.staff import counting

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_new(make_request):
    return [make_request(["metrology"], name=f"企业{number}") for number in range(4)]


def test_badges_stop_counting_at_the_limit(client, metrology_staff, four_new, monkeypatch):
    monkeypatch.setattr(counting, "COUNT_LIMIT", 2)
    client.force_login(metrology_staff)
    response = client.get("/admin/requests/")
    counts = {row["state"]: row["count"] for row in response.context["state_counts"]}
    assert counts["submitted"] == 2 and str(counts["submitted"]) == "2+"
    assert str(counts["accepted"]) == "0"
    assert "2+</span>" in response.content.decode()
    assert "(2+)" in client.get("/admin/").content.decode()  # the menu badge


def test_below_the_limit_counts_are_exact(client, metrology_staff, four_new):
    client.force_login(metrology_staff)
    counts = {
        row["state"]: row["count"] for row in client.get("/admin/requests/").context["state_counts"]
    }
    assert counts["submitted"] == 4 and str(counts["submitted"]) == "4"


def test_paginator_counts_only_as_far_as_needed(four_new, django_assert_num_queries):
    paginator = counting.BoundedPaginator(ServiceRequest.objects.order_by("pk"), 1, limit=2)
    with django_assert_num_queries(1) as captured:
        assert paginator.count == 3
    assert "LIMIT 3" in captured[0]["sql"]
    assert paginator.items_count_label.startswith("2+ ")
    assert paginator.page(3).has_next() is False  # one page beyond the limit stays reachable


def test_several_bounded_counts_in_one_statement(four_new, django_assert_num_queries):
    requests = ServiceRequest.objects.all()
    querysets = [requests, requests.filter(state="accepted"), requests.none()]
    with django_assert_num_queries(1):
        counts = counting.bounded_counts(querysets, limit=2)
    assert [str(count) for count in counts] == ["2+", "0", "0"]
    assert counting.bounded_counts([requests.filter(pk=four_new[0].pk)]) == [1]
