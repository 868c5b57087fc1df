"""What a scheduled job is, and the periods that make "once per period" exact across hosts.

Periods are aligned to the Unix epoch in UTC (a 30-minute job has periods :00 and :30, a daily
job starts its period at 00:00 UTC, 08:00 in Beijing), so every scheduler on every host computes
the same period for the same moment, and the period's start is the key of its run.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils.translation import ngettext

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Job:
    name: str  # the key of its runs; never rename a job that has run
    label: str  # shown in the admin (lazy translation)
    every: timedelta
    function: object  # called with no arguments; returns what to show as the result

    def period_start(self, moment):
        """The start of the period ``moment`` falls in."""
        elapsed = moment - EPOCH
        return EPOCH + self.every * (elapsed // self.every)

    def next_start(self, moment):
        return self.period_start(moment) + self.every

    @property
    def every_label(self):
        """The period in words, e.g. "1 day" or "30 minutes" (每 1 天, 每 30 分钟)."""
        seconds = int(self.every.total_seconds())
        if seconds % 86400 == 0:
            days = seconds // 86400
            return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
        if seconds % 3600 == 0:
            hours = seconds // 3600
            return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
        minutes = seconds // 60
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}

    @property
    def dotted_path(self):
        return f"{self.function.__module__}.{self.function.__qualname__}"
