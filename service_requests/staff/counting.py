"""Counts on the staff side that do not grow with the table.

A count over every visible request costs a scan of all of them: seconds at 100,000 requests.
The listing's state badges, its paginator, the menu badge and the dashboard panels only need to
know "how many, up to a point": each count reads at most ``COUNT_LIMIT + 1`` rows
(``SELECT COUNT(*) FROM (… LIMIT 1001)``) and shows "1000+" beyond that. The paginator counts as
far as the requested page needs, so deep pages stay reachable one step at a time.
"""

from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator

COUNT_LIMIT = 1000


class BoundedCount(int):
    """A count capped at its limit; shows as "1000+" when there were more."""

    def __new__(cls, value, more=False):
        count = super().__new__(cls, value)
        count.more = more
        return count

    def __str__(self):
        return f"{int(self)}+" if self.more else str(int(self))


def bounded_count(queryset, limit=None):
    limit = COUNT_LIMIT if limit is None else limit
    counted = queryset.order_by()[: limit + 1].count()
    return BoundedCount(min(counted, limit), more=counted > limit)


class BoundedPaginator(WagtailPaginator):
    """Counts up to ``limit`` rows (at least one page beyond the requested one)."""

    def __init__(self, *args, limit=COUNT_LIMIT, **kwargs):
        self.limit = limit
        super().__init__(*args, **kwargs)

    @cached_property
    def count(self):
        counted = self.object_list[: self.limit + 1].count()
        self.more = counted > self.limit
        return counted

    @cached_property
    def items_count_label(self):
        if self.count > self.limit:
            return f"{self.limit}+ {self.verbose_name_plural}"
        return super().items_count_label
