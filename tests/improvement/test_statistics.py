"""The statistics rows the reports read follow every change of a request, and give exactly the
requests ``visible_requests`` gives."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone

from improvement import periods, statistics
from improvement.figures import build_report, filtered_statistics, period_statistics
from improvement.models import RequestStatistics
from service_requests import casework, services
from service_requests.models import ProviderEngagement, SatisfactionSurvey, ServiceRequest
from service_requests.models.staff import EngagementRole
from service_requests.permissions import visible_requests
from service_requests.records import erase_personal_data
from tests.service_requests.conftest import send_request

from .conftest import TODAY, at, make_request

PERIOD = periods.custom(date(2026, 9, 28), date(2026, 10, 31))


def row(service_request):
    return RequestStatistics.objects.get(request=service_request)


def test_a_request_sent_through_the_form_has_its_row(client, inboxes, request_page):
    # The form bulk-inserts the request's links: ``set_keys`` writes the keys.
    assert send_request(client).status_code == 303
    service_request = ServiceRequest.objects.get()
    stats = row(service_request)
    codes = service_request.elements.values_list("code", flat=True)
    assert codes and stats.element_key == statistics.joined_key(codes)
    assert stats.inbox_key == statistics.joined_key(
        service_request.inboxes.values_list("pk", flat=True)
    )
    assert stats.state == "submitted"
    assert stats.submitted_on == timezone.localdate(service_request.submitted_at)
    assert stats.enterprise == statistics.enterprise_key(service_request.uscc)


def test_rows_follow_transitions_surveys_inboxes_and_elements(inboxes, coordinator):
    metrology, testing = inboxes["metrology"], inboxes["testing"]
    request = make_request(
        1, metrology, inboxes["elements"]["metrology"], submitted=at(date(2026, 9, 30))
    )
    stats = row(request)
    assert (stats.submitted_on, stats.state, stats.inbox_key) == (
        date(2026, 9, 30),
        "submitted",
        f",{metrology.pk},",
    )
    services.transition(request, "accepted", actor=coordinator, notify=False, now=at(TODAY))
    services.transition(request, "in_progress", actor=coordinator, notify=False, now=at(TODAY))
    services.transition(request, "resolved", actor=coordinator, notify=False, now=at(TODAY))
    stats = row(request)
    assert (stats.state, stats.first_response_on, stats.resolved_on) == ("resolved", TODAY, TODAY)
    assert (stats.survey_sent, stats.survey_answered, stats.score) == (True, False, None)

    services.record_survey_response(request.survey, score=2, now=at(TODAY))
    assert (row(request).survey_answered, row(request).score) == (True, 2)

    casework.involve_inbox(request, testing, actor=coordinator)
    # Keys join text in text order: inbox 10 sorts before inbox 9.
    assert row(request).inbox_key == statistics.joined_key([testing.pk, metrology.pk])
    request.elements.add(inboxes["elements"]["testing"])
    assert row(request).element_key == ",metrology,testing,"
    # From the other side of the relation, and a clear.
    inboxes["elements"]["testing"].service_requests.clear()
    assert row(request).element_key == ",metrology,"
    SatisfactionSurvey.objects.filter(request=request).delete()
    assert row(request).survey_sent is False


def test_the_purge_keeps_the_enterprise_count(inboxes, coordinator):
    first = make_request(
        1, inboxes["metrology"], inboxes["elements"]["metrology"], submitted=at(date(2026, 10, 12))
    )
    make_request(
        2,
        inboxes["metrology"],
        inboxes["elements"]["metrology"],
        submitted=at(date(2026, 10, 13)),
        uscc=first.uscc,
    )
    digest = row(first).enterprise
    assert digest and first.uscc not in digest
    assert build_report(coordinator, PERIOD, today=TODAY).totals["enterprises"] == 1
    erased = erase_personal_data(first)
    assert erased.uscc == ""
    assert row(first).enterprise == digest
    statistics.refresh([first.pk])  # a full rewrite keeps it too
    assert row(first).enterprise == digest
    assert build_report(coordinator, PERIOD, today=TODAY).totals["enterprises"] == 1


def test_maintenance_mends_rows_changed_without_signals(inboxes, coordinator):
    request = make_request(
        1, inboxes["metrology"], inboxes["elements"]["metrology"], submitted=at(date(2026, 10, 12))
    )
    RequestStatistics.objects.all().delete()
    other = make_request(
        2, inboxes["metrology"], inboxes["elements"]["metrology"], submitted=at(date(2026, 10, 12))
    )
    ServiceRequest.objects.filter(pk=other.pk).update(
        state="declined", updated_at=at(TODAY), first_response_at=at(date(2026, 10, 13))
    )
    assert build_report(coordinator, PERIOD, today=TODAY).totals["received"] == 1
    assert sorted(statistics.stale_request_ids()) == sorted([request.pk, other.pk])
    call_command("requests_maintenance", stdout=open("/dev/null", "w"))
    assert list(statistics.stale_request_ids()) == []
    totals = build_report(coordinator, PERIOD, today=TODAY).totals
    assert (totals["received"], totals["declined"]) == (2, 1)
    assert row(other).first_response_on == date(2026, 10, 13)


def test_rows_give_exactly_the_visible_requests(inboxes, django_user_model, fixed_requests):
    metrology, testing = inboxes["metrology"], inboxes["testing"]
    # Led by testing, metrology involved; and one led by metrology with no inboxes involved.
    shared = make_request(
        40, testing, inboxes["elements"]["testing"], submitted=at(date(2026, 10, 14))
    )
    shared.inboxes.add(metrology)
    lead_only = make_request(
        41, metrology, inboxes["elements"]["metrology"], submitted=at(date(2026, 10, 15))
    )
    lead_only.inboxes.clear()

    def user(name, groups=(), coordinator=False, active=True):
        person = django_user_model.objects.create_user(name, is_staff=True, is_active=active)
        person.groups.add(*groups)
        if coordinator:
            person.user_permissions.add(Permission.objects.get(codename="view_all_requests"))
        return person

    people = [
        user("s-coordinator", coordinator=True),
        user("s-metrology", [metrology.group]),
        user("s-testing", [testing.group]),
        user("s-both", [metrology.group, testing.group]),
        user("s-nobody"),
        user("s-inactive", [metrology.group], active=False),
    ]
    start, end = PERIOD.bounds
    for person in people:
        expected = set(
            visible_requests(person)
            .exclude(state="spam")
            .filter(submitted_at__gte=start, submitted_at__lt=end)
            .values_list("pk", flat=True)
        )
        got = set(period_statistics(person, PERIOD).values_list("request", flat=True))
        assert got == expected, person.username
        every = visible_requests(person).exclude(state="spam").values_list("pk", flat=True)
        assert set(filtered_statistics(person).values_list("request", flat=True)) == set(every)
    assert shared.pk in set(period_statistics(people[1], PERIOD).values_list("request", flat=True))


def test_per_provider_figures_come_from_engagements(fixed_requests, coordinator, providers):
    first, second = providers[:2]
    r1, r2, r4 = fixed_requests["r1"], fixed_requests["r2"], fixed_requests["r4"]
    for request, provider, role in (
        (r1, first, EngagementRole.LEAD),
        (r2, first, EngagementRole.LEAD),
        (r2, second, EngagementRole.PARTNER),
        (r4, second, EngagementRole.LEAD),
        (fixed_requests["old"], first, EngagementRole.LEAD),  # outside the period
    ):
        ProviderEngagement.objects.create(request=request, provider=provider, role=role)
    figures = {p["name"]: p for p in build_report(coordinator, PERIOD, today=TODAY).providers}
    # First: r1 (resolved, 5) and r2 (resolved, 2). Second: r2 and r4 (open, no survey).
    assert figures[first.title] == {
        "name": first.title,
        "engagements": 2,
        "resolved": 2,
        "answered": 2,
        "satisfaction": pytest.approx(3.5),
    }
    assert figures[second.title]["engagements"] == 2
    assert figures[second.title]["resolved"] == 1
    assert figures[second.title]["satisfaction"] == pytest.approx(2)
    # Ending an engagement takes it out of the figures.
    ProviderEngagement.objects.get(request=r4, provider=second).delete()
    figures = {p["name"]: p for p in build_report(coordinator, PERIOD, today=TODAY).providers}
    assert figures[second.title]["engagements"] == 1
    assert statistics.stale_request_ids().count() == 0


def test_submitted_day_is_the_local_day(inboxes, coordinator):
    # 23:30 in Guangzhou is 15:30 UTC: the row has the local day.
    late = at(date(2026, 10, 12), 23) + timedelta(minutes=30)
    element = inboxes["elements"]["metrology"]
    request = make_request(1, inboxes["metrology"], element, submitted=late)
    assert row(request).submitted_on == date(2026, 10, 12)
