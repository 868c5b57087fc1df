"""The local calendar day of a datetime column, computed by the database.

Django's ``TruncDate`` with a time zone runs a Python function per row on SQLite, which makes a
year of 100,000 requests take seconds. The site's zone (Asia/Shanghai) has had one UTC offset
since 1991, so on SQLite the day is SQLite's own ``date(column, '+480 minutes')``; zones with
daylight saving time, and other databases (native time-zone functions), keep ``TruncDate``.
"""

from datetime import datetime
from functools import lru_cache

from django.db.models.functions import TruncDate
from django.utils import timezone

# Probe dates for a fixed offset: winter and summer of the years reports cover.
_PROBE_YEARS = range(2000, 2051)


@lru_cache
def fixed_offset_minutes(tz):
    """The zone's one UTC offset in minutes, or ``None`` when it changes (daylight saving)."""
    offsets = {tz.utcoffset(datetime(year, month, 1)) for year in _PROBE_YEARS for month in (1, 7)}
    if len(offsets) != 1:
        return None
    return int(offsets.pop().total_seconds() // 60)


class LocalDate(TruncDate):
    def as_sqlite(self, compiler, connection, **extra_context):
        offset = fixed_offset_minutes(self.tzinfo or timezone.get_current_timezone())
        if offset is None:
            return super().as_sql(compiler, connection, **extra_context)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, %s)", (*params, f"{offset:+d} minutes")


def local_date(field):
    return LocalDate(field, tzinfo=timezone.get_current_timezone())
