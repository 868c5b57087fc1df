"""Working days on the Chinese calendar: the one place that answers "is this a working day" and
"what date is N working days after this one".

Sources, strongest first:

1. ``WorkingDayOverride`` rows that coordinators enter in the admin: the State Council publishes
   next year's schedule (holidays and adjusted working days, 调休) around November, usually before
   the library is updated, and local closures happen.
2. The ``holidays`` library's CN calendar: official holidays, substituted days off and the adjusted
   working weekend days (``weekend_workdays``) for the years whose published schedule it carries.
3. Past that horizon the library still computes the statutory holidays (they are fixed by law),
   but it cannot know the adjusted working days, so such a year is reported as missing its
   schedule (``missing_schedule_years``) until coordinators enter it. Where the library has
   nothing at all, or fails, weekends are the only days off. Nothing here ever raises for a date.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.db.models import Count
from django.db.models.functions import ExtractYear

from website.models import WorkingDayOverride

logger = logging.getLogger(__name__)

WEEKEND = frozenset({5, 6})  # Saturday, Sunday
# How far ahead one query for overrides reaches; longer spans are fetched in further chunks.
_OVERRIDE_CHUNK_DAYS = 120


@dataclass(frozen=True)
class LibraryYear:
    """What the library says about one year."""

    days_off: frozenset  # holidays and substituted days off
    adjusted_working_days: frozenset  # weekend days that are working days (调休上班)
    published: bool  # the library carries the official schedule of this year


@lru_cache(maxsize=1)
def _last_published_year():
    """The last year whose official schedule the library carries: the latest year with adjusted
    working days (every published schedule since 2000 has some)."""
    try:
        today = date.today()
        calendar = holidays.country_holidays("CN", years=range(today.year - 2, today.year + 6))
        years = [day.year for day in calendar.weekend_workdays]
    except Exception:  # noqa: BLE001 - a broken library must not break due dates
        logger.exception("The holidays library failed; counting weekends only.")
        return None
    return max(years) if years else None


@lru_cache(maxsize=64)
def library_year(year):
    """The library's days off and adjusted working days of ``year`` (cached per process)."""
    try:
        calendar = holidays.country_holidays("CN", years=year)
        days_off = frozenset(day for day in list(calendar.keys()) if day.year == year)
        adjusted = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    except Exception:  # noqa: BLE001 - past the library's horizon, or a broken install
        logger.warning("No holiday data for %s: counting weekends only.", year)
        return LibraryYear(frozenset(), frozenset(), False)
    last = _last_published_year()
    return LibraryYear(days_off, adjusted, last is not None and year <= last)


def _overrides(start, end):
    """Coordinators' overrides between two dates (inclusive) as ``{date: is_working_day}``."""
    rows = WorkingDayOverride.objects.filter(date__range=(start, end))
    return dict(rows.values_list("date", "is_working_day"))


def _library_says(day):
    year = library_year(day.year)
    if day in year.adjusted_working_days:
        return True
    if day in year.days_off:
        return False
    return day.weekday() not in WEEKEND


class _Span:
    """Answers for consecutive days, fetching overrides a chunk at a time (one query per chunk)."""

    def __init__(self, start, step):
        self.step = step
        self.known_from = self.known_to = None
        self.overrides = {}
        self._load(start)

    def _load(self, day):
        if self.step > 0:
            start, end = day, day + timedelta(days=_OVERRIDE_CHUNK_DAYS)
        else:
            start, end = day - timedelta(days=_OVERRIDE_CHUNK_DAYS), day
        self.overrides.update(_overrides(start, end))
        self.known_from = min(start, self.known_from or start)
        self.known_to = max(end, self.known_to or end)

    def is_working_day(self, day):
        if not (self.known_from <= day <= self.known_to):
            self._load(day)
        if day in self.overrides:
            return self.overrides[day]
        return _library_says(day)


def is_working_day(day):
    """Whether ``day`` is a working day (one query, for the coordinators' overrides)."""
    overrides = _overrides(day, day)
    if day in overrides:
        return overrides[day]
    return _library_says(day)


def add_working_days(start, days):
    """The date ``days`` working days after ``start`` (before it when negative); ``start`` itself
    is not counted, so ``add_working_days(friday, 1)`` is the next working day. Zero returns
    ``start`` unchanged."""
    if days == 0:
        return start
    step = 1 if days > 0 else -1
    span = _Span(start + timedelta(days=step), step)
    remaining = abs(days)
    day = start
    while remaining:
        day += timedelta(days=step)
        if span.is_working_day(day):
            remaining -= 1
    return day


def next_working_day(day):
    """``day`` itself when it is a working day, else the first working day after it."""
    return day if is_working_day(day) else add_working_days(day, 1)


def working_days_between(start, end):
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
    if end <= start:
        return 0
    span = _Span(start + timedelta(days=1), 1)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if span.is_working_day(day):
            count += 1
    return count


@dataclass(frozen=True)
class YearSchedule:
    year: int
    library: bool  # the library carries the official schedule
    overrides: int  # days coordinators entered for the year

    @property
    def missing(self):
        """Neither the library nor the coordinators have given this year's official schedule:
        due dates in it count statutory holidays (or weekends) only."""
        return not self.library and not self.overrides


def schedule_status(years):
    """One ``YearSchedule`` per year (one query)."""
    years = sorted(set(years))
    counts = dict(
        WorkingDayOverride.objects.filter(date__year__in=years)
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    return [YearSchedule(y, library_year(y).published, counts.get(y, 0)) for y in years]


def missing_schedule_years(years):
    """The years among ``years`` whose official schedule nobody has given yet."""
    return [status.year for status in schedule_status(years) if status.missing]


def working_day_ordinals(start, end):
    """``{day: number of working days from start up to and including day}`` for every day from
    ``start`` to ``end``, in one query: durations of many date pairs are then a subtraction
    (reports count thousands of them)."""
    overrides = _overrides(start, end)
    ordinals = {}
    count = 0
    day = start
    while day <= end:
        if overrides[day] if day in overrides else _library_says(day):
            count += 1
        ordinals[day] = count
        day += timedelta(days=1)
    return ordinals
