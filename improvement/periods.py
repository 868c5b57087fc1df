"""Report periods: a month, a quarter, a year or a custom range of days, in local time."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    start: date  # first day, inclusive
    end: date  # last day, inclusive
    label: str

    @property
    def bounds(self):
        """Aware datetimes ``[start, end)`` in the site's time zone, for ``submitted_at``."""
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    @property
    def slug(self):
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


def month(year, number):
    last = calendar.monthrange(year, number)[1]
    return Period(
        date(year, number, 1),
        date(year, number, last),
        _("%(year)s-%(month)02d")
        % {
            "year": year,
            "month": number,
        },
    )


def quarter(year, number):
    first_month = 3 * (number - 1) + 1
    last_month = first_month + 2
    last = calendar.monthrange(year, last_month)[1]
    return Period(
        date(year, first_month, 1),
        date(year, last_month, last),
        _("%(year)s Q%(quarter)s") % {"year": year, "quarter": number},
    )


def whole_year(year):
    return Period(date(year, 1, 1), date(year, 12, 31), _("%(year)s") % {"year": year})


def custom(start, end):
    return Period(start, end, f"{start:%Y-%m-%d} – {end:%Y-%m-%d}")


def previous(period):
    """The period of the same length just before ``period`` (the trend's comparison)."""
    length = period.end - period.start
    end = period.start - timedelta(days=1)
    if period.start.day == 1 and (period.end + timedelta(days=1)).day == 1:
        # Whole months: compare with as many whole months before.
        months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month
        year, number = period.start.year, period.start.month - months - 1
        while number < 1:
            number += 12
            year -= 1
        return custom(date(year, number, 1), end)
    return custom(end - length, end)
