"""Domain services: references under concurrency, routing, the state machine, SLA dates."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from service_requests import services
from service_requests.choices import FINAL_STATES, TRANSITIONS, RequestState
from service_requests.factories import make_submission
from service_requests.models import Inbox, RoutingRule, ServiceRequest

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_references_count_per_day(request_page):
    day_one = datetime(2026, 11, 24, 23, 59, tzinfo=SHANGHAI)
    first, _ = services.submit_request(make_submission("a"), now=day_one)
    second, _ = services.submit_request(make_submission("b"), now=day_one)
    next_day, _ = services.submit_request(
        make_submission("c"), now=datetime(2026, 11, 25, 0, 1, tzinfo=SHANGHAI)
    )
    assert [first.reference, second.reference, next_day.reference] == [
        "QI-20261124-0001",
        "QI-20261124-0002",
        "QI-20261125-0001",
    ]
    again, created = services.submit_request(make_submission("a"))
    assert again == first and not created


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrency is proven on PostgreSQL (SQLite serialises writers)",
)


@pytest.fixture
def routing(elements):
    from service_requests.demo import ensure_inboxes

    return ensure_inboxes()


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_get_unique_references(routing):
    """Twelve submissions at once, each in its own thread and database connection."""
    count = 12
    barrier = threading.Barrier(count)
    references, errors = [], []
    now = datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)

    def worker(number):
        try:
            barrier.wait(timeout=10)
            service_request, _ = services.submit_request(make_submission(f"t{number}"), now=now)
            references.append(service_request.reference)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(references) == [f"QI-20261124-{n:04d}" for n in range(1, count + 1)]


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_replays_of_one_submission_create_one_request(routing):
    barrier = threading.Barrier(6)
    results = []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(services.submit_request(make_submission("same-token")))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ServiceRequest.objects.count() == 1
    assert len({r.pk for r, _ in results}) == 1
    assert sum(created for _, created in results) == 1


@pytest.mark.django_db
def test_routing_by_element_and_city(request_page, elements):
    metrology = Inbox.objects.get(code="metrology")
    shenzhen = Inbox.objects.create(code="shenzhen-testing", name="深圳检测受理组")
    RoutingRule.objects.create(element=elements["testing"], city="shenzhen", inbox=shenzhen)
    guangzhou, _ = services.submit_request(make_submission("g", ["testing"]))
    assert guangzhou.lead_inbox.code == "testing"
    local, _ = services.submit_request(make_submission("s", ["testing"], city="shenzhen"))
    assert local.lead_inbox == shenzhen
    several, _ = services.submit_request(
        make_submission("m", ["ip", "testing", "brand", "metrology"])
    )
    assert several.lead_inbox.code == "extended"  # two of the four elements
    assert {i.code for i in several.inboxes.all()} == {"extended", "testing", "metrology"}
    tie, _ = services.submit_request(make_submission("t", ["testing", "metrology"]))
    assert tie.lead_inbox == metrology  # metrology comes first in the catalogue


@pytest.mark.django_db
def test_elements_without_a_rule_go_to_the_fallback_inbox(request_page, elements):
    RoutingRule.objects.filter(element__code="standards").delete()
    service_request, _ = services.submit_request(make_submission("x", ["standards"]))
    assert service_request.lead_inbox.code == "quality-management"
    Inbox.objects.update(is_fallback=False)
    orphan, _ = services.submit_request(make_submission("y", ["standards"]))
    assert orphan.lead_inbox is None  # kept all the same: coordinators see every request
    assert orphan.pk is not None


@pytest.mark.django_db
def test_first_response_due_counts_working_days_across_national_day(request_page):
    submitted = datetime(2026, 9, 30, 15, 0, tzinfo=SHANGHAI)
    service_request, _ = services.submit_request(make_submission("n"), now=submitted)
    assert service_request.first_response_due == date(2026, 10, 9)
    friday, _ = services.submit_request(
        make_submission("w"), now=datetime(2026, 10, 9, 9, 0, tzinfo=SHANGHAI)
    )
    assert friday.first_response_due == date(2026, 10, 12)  # Saturday 10th is a working day


ALL_PAIRS = [(a, b) for a in RequestState for b in RequestState if a != b]


@pytest.mark.django_db
def test_every_legal_and_illegal_transition(request_page, staff_user):
    service_request, _ = services.submit_request(make_submission("sm"))
    for from_state, to_state in ALL_PAIRS:
        ServiceRequest.objects.filter(pk=service_request.pk).update(state=from_state)
        service_request.refresh_from_db()
        note = "原因说明"
        if to_state in TRANSITIONS[from_state]:
            event = services.transition(service_request, to_state, actor=staff_user, note=note)
            assert service_request.state == to_state
            assert (event.from_state, event.to_state, event.actor) == (
                from_state,
                to_state,
                staff_user,
            )
        else:
            with pytest.raises(services.TransitionError):
                services.transition(service_request, to_state, actor=staff_user, note=note)
            service_request.refresh_from_db()
            assert service_request.state == from_state


@pytest.mark.django_db
def test_declining_needs_a_reason_and_timestamps_are_kept(request_page, staff_user):
    service_request, _ = services.submit_request(make_submission("d"))
    with pytest.raises(services.TransitionError):
        services.transition(service_request, RequestState.DECLINED, actor=staff_user)
    services.transition(service_request, RequestState.ACCEPTED, actor=staff_user)
    assert service_request.first_response_at is not None
    services.transition(service_request, RequestState.IN_PROGRESS, actor=staff_user)
    services.transition(service_request, RequestState.RESOLVED, actor=staff_user)
    assert service_request.resolved_at is not None and service_request.closed_at is None
    services.transition(service_request, RequestState.CLOSED, actor=staff_user)
    assert service_request.closed_at is not None
    assert RequestState.CLOSED in FINAL_STATES and not TRANSITIONS[RequestState.CLOSED]
    kinds = list(service_request.events.values_list("kind", "to_state"))
    assert kinds[0] == ("submitted", "submitted") and kinds[-1] == ("state_changed", "closed")


@pytest.mark.django_db
def test_spam_events_stay_internal_and_a_restored_request_is_acknowledged(request_page):
    service_request, _ = services.submit_request(make_submission("sp", is_spam=True))
    assert service_request.state == "spam" and not service_request.deliveries.exists()
    event = services.transition(service_request, RequestState.SUBMITTED, note="误判")
    assert not event.is_public
    assert set(service_request.deliveries.values_list("kind", flat=True)) == {
        "acknowledgement",
        "inbox_new_request",
    }
