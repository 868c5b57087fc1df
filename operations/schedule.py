"""What a scheduled job is, and the periods that make "once per period" exact across hosts.

Periods are aligned to the Unix epoch in UTC (a 30-minute job has periods :00 and :30, a daily
job starts its period at 00:00 UTC, 08:00 in Beijing), so every scheduler on every host computes
the same period for the same moment, and the period's start is the key of its run.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
    def dotted_path(self):
        return f"{self.function.__module__}.{self.function.__qualname__}"
