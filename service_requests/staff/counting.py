"""Counts on the staff side that do not grow with the table.

A count over every visible request costs a scan of all of them: seconds at 100,000 requests.
The listing's state badges, its paginator, the menu badge and the dashboard panels only need to
know "how many, up to a point": each count reads at most ``COUNT_LIMIT + 1`` rows
(``SELECT COUNT(*) FROM (… LIMIT 1001)``) and shows "1000+" beyond that. The paginator counts as
far as the requested page needs, so deep pages stay reachable one step at a time.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator

from service_requests.choices import RequestState

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
    counted = queryset.order_by().values("pk")[: limit + 1].count()
    return BoundedCount(min(counted, limit), more=counted > limit)


def bounded_counts(querysets, limit=None):
    """``bounded_count`` of each queryset, all in one statement (one scalar subquery each): the
    listing's nine badges cost one round trip instead of nine."""
    limit = COUNT_LIMIT if limit is None else limit
    columns, params = [], []
    for queryset in querysets:
        try:
            sql, query_params = (
                queryset.order_by().values("pk")[: limit + 1].query.sql_with_params()
            )
        except EmptyResultSet:  # e.g. ``none()``: nothing to count
            columns.append("0")
            continue
        columns.append(f"(SELECT COUNT(*) FROM ({sql}) counted)")
        params.extend(query_params)
    if not columns:
        return []
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}", params)
        row = cursor.fetchone()
    return [BoundedCount(min(counted, limit), more=counted > limit) for counted in row]


_NEW_COUNT = "_service_requests_new_count"


def new_requests_count(user, visible):
    """The menu badge: new requests among ``visible``, counted once per request (the listing's
    state badges count them too and leave the count on the user, ``remember_new_count``)."""
    count = getattr(user, _NEW_COUNT, None)
    if count is None:
        count = bounded_count(visible.filter(state=RequestState.SUBMITTED))
        remember_new_count(user, count)
    return count


def remember_new_count(user, count):
    setattr(user, _NEW_COUNT, count)


class BoundedPaginator(WagtailPaginator):
    """Counts up to ``limit`` rows (at least one page beyond the requested one)."""

    def __init__(self, *args, limit=COUNT_LIMIT, **kwargs):
        self.limit = limit
        super().__init__(*args, **kwargs)

    @cached_property
    def count(self):
        # Only the ids: a sliced count keeps the listing's annotations (the "likely duplicate"
        # subquery) in its inner query otherwise, evaluated for every row counted.
        counted = self.object_list.order_by().values("pk")[: self.limit + 1].count()
        self.more = counted > self.limit
        return counted

    @cached_property
    def items_count_label(self):
        if self.count > self.limit:
            return f"{self.limit}+ {self.verbose_name_plural}"
        return super().items_count_label
