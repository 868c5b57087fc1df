"""Figures of the fixed data set, computed by hand (see conftest for the requests)."""

from datetime import date

import pytest

from improvement import periods
from improvement.figures import Filters, build_report, percentile_summary
from website.choices import City

from .conftest import TODAY, at, make_request

PERIOD = periods.custom(date(2026, 9, 28), date(2026, 10, 31))


def test_percentiles_of_a_histogram():
    assert percentile_summary({}).median is None
    # 0 0 0 1 1 4: median (0 + 1) / 2, p90 the 6th (ceil 5.4) value.
    summary = percentile_summary({0: 3, 1: 2, 4: 1})
    assert (summary.count, summary.median, summary.p90) == (6, 0.5, 4)
    summary = percentile_summary({3: 1, 4: 1, 8: 1})
    assert (summary.median, summary.p90) == (4, 8)


def test_first_response_due_counts_the_national_day_holiday(fixed_requests):
    # Two working days after Wednesday 30 September: 8 and 9 October.
    assert fixed_requests["r1"].first_response_due == date(2026, 10, 9)


def test_coordinator_figures(fixed_requests, coordinator):
    report = build_report(coordinator, PERIOD, today=TODAY)
    totals = report.totals
    # r1 r2 r3 r4 r5 r8 r9: spam and the August request are left out.
    assert totals["received"] == 7
    assert totals["accepted"] == 5  # answered, not declined
    assert totals["resolved"] == 5
    assert totals["declined"] == 1
    assert totals["enterprises"] == 6  # r1 and r4 are the same enterprise
    # First response in working days: r1 1 (holiday skipped), r2 0, r3 4, r5 1, r8 0, r9 0.
    assert (report.first_response.count, report.first_response.median) == (6, 0.5)
    assert report.first_response.p90 == 4
    # Resolution: r1 4, r2 8, r5 3, r8 1 (the adjusted working Saturday), r9 1.
    assert (report.resolution.median, report.resolution.p90) == (3, 8)
    # First response SLA: r3 late, r4 never answered and past due; 5 of 7.
    assert (totals["first_response_measured"], totals["first_response_hit"]) == (7, 5)
    assert report.first_response_sla == pytest.approx(5 / 7)
    # Resolution SLA: r3 declined has no target, r4 is past its target.
    assert (totals["resolution_measured"], totals["resolution_hit"]) == (6, 5)
    # Surveys: five sent, four answered (5, 2, 4, 1).
    assert report.survey_response_rate == pytest.approx(0.8)
    assert totals["satisfaction"] == pytest.approx(3.0)
    assert report.scores == [(1, 1), (2, 1), (3, 0), (4, 1), (5, 1)]
    assert dict(report.by_city) == {
        City.GUANGZHOU.label: 5,
        City.SHENZHEN.label: 1,
        City.FOSHAN.label: 1,
    }
    assert dict(report.by_month) == {"2026-09": 3, "2026-10": 4}
    by_element = dict(report.by_element)
    assert sorted(by_element.values()) == [3, 4]


def test_inbox_staff_see_only_their_inboxes_figures(fixed_requests, metrology_member):
    report = build_report(metrology_member, PERIOD, today=TODAY)
    totals = report.totals
    assert (totals["received"], totals["accepted"], totals["resolved"]) == (4, 3, 3)
    assert totals["declined"] == 0
    assert totals["enterprises"] == 3
    assert (report.first_response.median, report.first_response.p90) == (1, 1)
    assert (report.resolution.median, report.resolution.p90) == (4, 8)
    assert report.first_response_sla == pytest.approx(3 / 4)
    assert totals["satisfaction"] == pytest.approx(11 / 3)
    assert report.scores == [(1, 0), (2, 1), (3, 0), (4, 1), (5, 1)]


def test_filters_narrow_the_figures(fixed_requests, coordinator, inboxes):
    by_inbox = build_report(coordinator, PERIOD, Filters(inbox=inboxes["testing"]), today=TODAY)
    assert by_inbox.totals["received"] == 3
    by_element = build_report(coordinator, PERIOD, Filters(element="metrology"), today=TODAY)
    assert by_element.totals["received"] == 4
    by_city = build_report(coordinator, PERIOD, Filters(city="shenzhen"), today=TODAY)
    assert by_city.totals["received"] == 1


def test_periods():
    assert periods.quarter(2026, 4).start == date(2026, 10, 1)
    assert periods.quarter(2026, 4).end == date(2026, 12, 31)
    assert periods.month(2026, 2).end == date(2026, 2, 28)
    assert periods.previous(periods.month(2026, 1)) == periods.custom(
        date(2025, 12, 1), date(2025, 12, 31)
    )
    assert periods.previous(periods.quarter(2026, 1)).start == date(2025, 10, 1)


def test_an_answer_dated_before_submission_counts_zero_days(inboxes, coordinator):
    make_request(
        70,
        inboxes["metrology"],
        inboxes["elements"]["metrology"],
        submitted=at(date(2026, 10, 12)),
        state="accepted",
        responded=at(date(2026, 10, 9)),
    )
    report = build_report(coordinator, PERIOD, today=TODAY)
    assert (report.first_response.count, report.first_response.median) == (1, 0)
