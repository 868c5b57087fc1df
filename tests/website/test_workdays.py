"""Working days on the Chinese calendar: holidays, adjusted working days, overrides, the horizon."""

from datetime import date

import pytest

from website import workdays
from website.models import WorkingDayOverride

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_library_cache():
    workdays.library_year.cache_clear()
    workdays._last_published_year.cache_clear()
    yield
    workdays.library_year.cache_clear()
    workdays._last_published_year.cache_clear()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 30), True),  # Wednesday before National Day
        (date(2026, 10, 1), False),  # National Day
        (date(2026, 10, 2), False),
        (date(2026, 10, 5), False),  # Monday inside the golden week
        (date(2026, 10, 7), False),  # substituted day off
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # adjusted working Saturday (调休上班)
        (date(2026, 10, 11), False),  # ordinary Sunday
        (date(2026, 9, 20), True),  # adjusted working Sunday
        (date(2026, 9, 25), False),  # Mid-Autumn Festival
    ],
)
def test_national_day_2026(day, working):
    assert workdays.is_working_day(day) is working


def test_adding_working_days_across_national_day_and_the_adjusted_saturday():
    wednesday = date(2026, 9, 30)
    assert workdays.add_working_days(wednesday, 1) == date(2026, 10, 8)
    assert workdays.add_working_days(wednesday, 2) == date(2026, 10, 9)
    assert workdays.add_working_days(wednesday, 3) == date(2026, 10, 10)  # Saturday, working
    assert workdays.add_working_days(wednesday, 4) == date(2026, 10, 12)
    assert workdays.add_working_days(date(2026, 10, 12), -4) == wednesday
    assert workdays.add_working_days(wednesday, 0) == wednesday
    assert workdays.working_days_between(wednesday, date(2026, 10, 12)) == 4
    assert workdays.next_working_day(date(2026, 10, 3)) == date(2026, 10, 8)


def test_year_boundary_uses_the_statutory_holiday_and_reports_the_missing_schedule():
    # 2026-12-31 is a Thursday; 2027-01-01 (Friday) is New Year's Day by law.
    assert workdays.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert workdays.add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 4)
    assert workdays.missing_schedule_years([2026, 2027]) == [2027]


def test_coordinators_overrides_beat_the_library_and_fill_the_missing_year():
    WorkingDayOverride.objects.create(date=date(2027, 1, 4), is_working_day=False, note="元旦")
    WorkingDayOverride.objects.create(date=date(2027, 1, 9), is_working_day=True, note="调休上班")
    WorkingDayOverride.objects.create(date=date(2026, 10, 10), is_working_day=False)
    assert workdays.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 5)
    assert workdays.is_working_day(date(2027, 1, 9)) is True  # a Saturday made working
    assert workdays.is_working_day(date(2026, 10, 10)) is False
    assert workdays.add_working_days(date(2027, 1, 7), 2) == date(2027, 1, 9)
    assert workdays.missing_schedule_years([2026, 2027]) == []


def test_overrides_are_read_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        workdays.add_working_days(date(2026, 9, 1), 20)


def test_long_spans_fetch_further_overrides():
    WorkingDayOverride.objects.create(date=date(2027, 6, 1), is_working_day=False)
    start = date(2026, 11, 2)
    without = workdays.add_working_days(start, 150)
    WorkingDayOverride.objects.filter(date=date(2027, 6, 1)).delete()
    assert workdays.add_working_days(start, 150) < without


def test_past_the_librarys_horizon_counts_weekends_only():
    # 2101 is past the library's range: no crash, Monday to Friday are working days.
    assert workdays.is_working_day(date(2101, 1, 3)) is True  # Monday
    assert workdays.is_working_day(date(2101, 1, 1)) is False  # Saturday
    assert workdays.add_working_days(date(2101, 1, 7), 1) == date(2101, 1, 10)
    assert workdays.missing_schedule_years([2101]) == [2101]


def test_a_failing_library_falls_back_to_weekends(monkeypatch):
    def broken(*args, **kwargs):
        raise NotImplementedError("no available data for year")

    monkeypatch.setattr(workdays.holidays, "country_holidays", broken)
    assert workdays.is_working_day(date(2026, 10, 1)) is True  # Thursday, weekends only
    assert workdays.add_working_days(date(2026, 10, 2), 1) == date(2026, 10, 5)
    assert workdays.missing_schedule_years([2026]) == [2026]


def test_coordinators_edit_overrides_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/snippets/website/workingdayoverride/add/",
        {"date": "2027-02-06", "is_working_day": "on", "note": "调休上班"},
    )
    assert response.status_code == 302
    assert workdays.is_working_day(date(2027, 2, 6)) is True
    listing = client.get("/admin/snippets/website/workingdayoverride/")
    assert listing.status_code == 200 and "调休上班" in listing.content.decode()


def test_dashboard_warns_when_a_years_schedule_is_missing(client, admin_user, monkeypatch):
    from website.dashboard import WorkingDaySchedulePanel

    client.force_login(admin_user)
    monkeypatch.setattr(WorkingDaySchedulePanel, "years_to_check", lambda self: [2026, 2101])
    html = client.get("/admin/").content.decode()
    assert "2101" in html and "/admin/snippets/website/workingdayoverride/" in html
    monkeypatch.setattr(WorkingDaySchedulePanel, "years_to_check", lambda self: [2026])
    assert 'id="working-day-schedule-heading"' not in client.get("/admin/").content.decode()


def test_next_year_is_checked_from_november():
    from website.dashboard import WorkingDaySchedulePanel

    panel = WorkingDaySchedulePanel(user=None)
    assert panel.years_to_check(date(2026, 6, 1)) == [2026]
    assert panel.years_to_check(date(2026, 11, 25)) == [2026, 2027]
