"""The figures of the reports, computed with aggregate queries.

Every figure is read from ``RequestStatistics`` (one narrow row per request, kept by
``reports/statistics.py``) narrowed to what ``permissions.visible_requests(user)`` allows: inbox
staff get their inboxes' figures, coordinators everybody's. The number of queries is fixed; rows
grow with the number of categories and of distinct (submitted, answered) day pairs, never with the
number of requests.

Definitions (also in ``docs/reports.md``):

- A request belongs to the period in which it was submitted; spam is left out everywhere.
- Accepted: given a first response other than declining. Resolved: ever resolved.
- Durations are working days on the Chinese calendar (``website.workdays``) from the day of
  submission to the day of the first response / of resolution; the same day counts 0. Resolution
  time leaves out the working days the clock was paused waiting for the enterprise.
- Median: the middle value (mean of the two middle ones for an even count); p90: nearest rank.
- SLA hit rate: of the requests whose target date has passed or that were answered, the share
  answered on or before the target date. Requests declined or withdrawn have no resolution target.
"""

import math
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from directory.models import Element, ProviderPage
from improvement.channel_figures import channel_figures
from improvement.dates import local_date
from improvement.models import BadRatingCallback, RequestStatistics
from improvement.statistics import joined_key, split_key
from service_requests.choices import RequestState, Scale
from service_requests.permissions import is_coordinator, user_inboxes
from website.choices import City
from website.workdays import working_day_ordinals

SCORES = (1, 2, 3, 4, 5)
NO_RESOLUTION_TARGET = (RequestState.DECLINED, RequestState.WITHDRAWN)


@dataclass
class Filters:
    inbox: object = None  # an ``Inbox``
    element: str = ""  # an element code
    city: str = ""


@dataclass
class Durations:
    count: int = 0
    median: float | None = None
    p90: int | None = None


@dataclass
class Report:
    period: object
    filters: Filters
    totals: dict = field(default_factory=dict)
    by_element: list = field(default_factory=list)  # (label, count)
    by_city: list = field(default_factory=list)
    by_scale: list = field(default_factory=list)
    by_month: list = field(default_factory=list)
    first_response: Durations = field(default_factory=Durations)
    resolution: Durations = field(default_factory=Durations)
    scores: list = field(default_factory=list)  # (score, count)
    providers: list = field(default_factory=list)  # dicts
    callbacks: dict = field(default_factory=dict)
    channels: dict = field(default_factory=dict)  # ``channel_figures``

    def rate(self, part, whole):
        whole = self.totals.get(whole) or 0
        return None if not whole else self.totals.get(part, 0) / whole

    @property
    def first_response_sla(self):
        return self.rate("first_response_hit", "first_response_measured")

    @property
    def resolution_sla(self):
        return self.rate("resolution_hit", "resolution_measured")

    @property
    def survey_response_rate(self):
        return self.rate("surveys_answered", "surveys_sent")

    @property
    def resolution_rate(self):
        return self.rate("resolved", "received")


def _key(value):
    """The condition value for one inbox or element in a row's key."""
    return joined_key([value])


def filtered_statistics(user, filters=None):
    """The statistics rows of the requests ``user`` may see, narrowed by ``filters``, spam left
    out. Visibility is ``permissions.visible_requests`` on the row: the lead inbox, or an inbox
    involved, is one of the user's (the tests check both give the same requests)."""
    filters = filters or Filters()
    rows = RequestStatistics.objects.exclude(state=RequestState.SPAM)
    if not user.is_active:
        return rows.none()
    if not is_coordinator(user):
        inbox_ids = list(user_inboxes(user).values_list("pk", flat=True))
        if not inbox_ids:
            return rows.none()
        involved = [Q(inbox_key__contains=_key(pk)) for pk in inbox_ids]
        rows = rows.filter(reduce(or_, involved, Q(lead_inbox__in=inbox_ids)))
    if filters.inbox is not None:
        rows = rows.filter(inbox_key__contains=_key(filters.inbox.pk))
    if filters.element:
        rows = rows.filter(element_key__contains=_key(filters.element))
    if filters.city:
        rows = rows.filter(city=filters.city)
    return rows


def period_statistics(user, period, filters=None):
    """The rows of the requests submitted in ``period`` (local days) that ``user`` may see."""
    return filtered_statistics(user, filters).filter(
        submitted_on__gte=period.start, submitted_on__lte=period.end
    )


def callback_figures(user, period, filters=None, today=None):
    """Bad-rating callbacks opened in ``period``: closed on time, closed late, still open and
    overdue (by today)."""
    today = today or timezone.localdate()
    start, end = period.bounds
    # The period's callbacks are few: each is checked against the user's rows by primary key.
    visible = filtered_statistics(user, filters).filter(request=OuterRef("request"))
    callbacks = BadRatingCallback.objects.filter(
        Exists(visible), opened_at__gte=start, opened_at__lt=end
    ).annotate(closed_day=local_date("closed_at"))
    closed = Q(closed_at__isnull=False)
    return callbacks.aggregate(
        opened=Count("pk"),
        closed_on_time=Count("pk", filter=closed & Q(closed_day__lte=F("due"))),
        closed_late=Count("pk", filter=closed & Q(closed_day__gt=F("due"))),
        open=Count("pk", filter=~closed),
        overdue=Count("pk", filter=~closed & Q(due__lt=today)),
    )


def percentile_summary(histogram):
    """Median and p90 of ``{value: how many}``."""
    total = sum(histogram.values())
    if not total:
        return Durations()
    values = sorted(histogram)

    def nth(rank):  # 1-based rank in the sorted values
        seen = 0
        for value in values:
            seen += histogram[value]
            if seen >= rank:
                return value
        return values[-1]

    if total % 2:
        median = nth(total // 2 + 1)
    else:
        median = (nth(total // 2) + nth(total // 2 + 1)) / 2
    return Durations(count=total, median=median, p90=nth(math.ceil(0.9 * total)))


def _pairs(rows, end_field):
    """How many requests per (day of submission, day of ``end_field``, working days paused;
    the clock pauses only after the first response, so only resolution takes them off)."""
    paused = ("paused_days",) if end_field == "resolved_on" else ()
    return list(
        rows.filter(**{f"{end_field}__isnull": False})
        .values("submitted_on", end_field, *paused)
        .annotate(n=Count("pk"))
        .order_by()
    )


def _days(pairs, end_field):
    return [row["submitted_on"] for row in pairs] + [row[end_field] for row in pairs]


def _ordinals(days):
    """The working-day numbers of the span of ``days``, in one read of the calendar."""
    return working_day_ordinals(min(days), max(days)) if days else {}


def _durations(rows, end_field):
    """Working-day durations from the day of submission to ``end_field`` (a day column)."""
    pairs = _pairs(rows, end_field)
    return _histogram(pairs, end_field, _ordinals(_days(pairs, end_field)))


def _both_durations(rows):
    """First-response and resolution durations with one read of the working-day calendar."""
    first = _pairs(rows, "first_response_on")
    resolved = _pairs(rows, "resolved_on")
    ordinals = _ordinals(_days(first, "first_response_on") + _days(resolved, "resolved_on"))
    return (
        _histogram(first, "first_response_on", ordinals),
        _histogram(resolved, "resolved_on", ordinals),
    )


def _histogram(pairs, end_field, ordinals):
    histogram = {}
    for row in pairs:
        # An answer dated before the submission (data entered by hand) counts as 0 days.
        elapsed = (
            ordinals[row[end_field]] - ordinals[row["submitted_on"]] - row.get("paused_days", 0)
        )
        elapsed = max(0, elapsed)
        histogram[elapsed] = histogram.get(elapsed, 0) + row["n"]
    return percentile_summary(histogram)


def _counts_of(today):
    """The additive figures of a group of rows: counts, SLA hits, the survey and a score sum."""
    answered = Q(first_response_on__isnull=False)
    resolved = Q(resolved_on__isnull=False)
    first_due = Q(first_response_due__isnull=False)
    resolution_due = Q(resolution_due__isnull=False) & ~Q(state__in=NO_RESOLUTION_TARGET)
    return {
        "received": Count("pk"),
        "accepted": Count("pk", filter=answered & ~Q(state=RequestState.DECLINED)),
        "resolved": Count("pk", filter=resolved),
        "declined": Count("pk", filter=Q(state=RequestState.DECLINED)),
        "first_response_measured": Count(
            "pk", filter=first_due & (answered | Q(first_response_due__lt=today))
        ),
        "first_response_hit": Count(
            "pk", filter=first_due & answered & Q(first_response_on__lte=F("first_response_due"))
        ),
        "resolution_measured": Count(
            "pk", filter=resolution_due & (resolved | Q(resolution_due__lt=today))
        ),
        "resolution_hit": Count(
            "pk", filter=resolution_due & resolved & Q(resolved_on__lte=F("resolution_due"))
        ),
        "surveys_sent": Count("pk", filter=Q(survey_sent=True)),
        "surveys_answered": Count("pk", filter=Q(survey_answered=True)),
        "scored": Count("score"),
        "score_sum": Sum("score"),
        **{f"score_{score}": Count("pk", filter=Q(score=score)) for score in SCORES},
    }


def _grouped(rows, today):
    """The additive figures per (city, scale, elements): one scan gives the totals and the
    city, scale and element breakdowns."""
    keys = ("city", "scale", "element_key")
    return list(rows.values(*keys).annotate(**_counts_of(today)).order_by())


def _totals(groups):
    """The figures of all ``groups`` together; the satisfaction average from the score sums."""
    names = [name for name in _counts_of(None) if name != "score_sum"]
    totals = {name: sum(group[name] for group in groups) for name in names}
    score_sum = sum(group["score_sum"] or 0 for group in groups)
    totals["satisfaction"] = score_sum / totals["scored"] if totals["scored"] else None
    return totals


def _enterprises(rows):
    """Distinct enterprises (``COUNT(DISTINCT)`` sorts; a grouped subquery hashes, in half the
    time)."""
    return rows.exclude(enterprise="").values("enterprise").distinct().count()


def _sum_by(groups, key):
    counts = {}
    for group in groups:
        counts[group[key]] = counts.get(group[key], 0) + group["received"]
    return counts


def _labelled(counts, choices):
    """``(label, count)`` in the order of ``choices``, then anything unknown."""
    known = [(label, counts[value]) for value, label in choices if counts.get(value)]
    names = {value for value, _label in choices}
    return known + [(str(value), n) for value, n in counts.items() if value not in names and n]


def _by_element(groups):
    """Requests per element: a request with two elements counts once under each."""
    counts = {}
    for key, n in _sum_by(groups, "element_key").items():
        for code in split_key(key):
            counts[code] = counts.get(code, 0) + n
    elements = Element.objects.filter(
        code__in=list(counts), locale__language_code=settings.LANGUAGE_CODE
    ).order_by("sort_order", "code")
    return _labelled(counts, [(element.code, element.name) for element in elements])


def _by_month(rows):
    """Requests per month: counted per day by the database, summed per month here."""
    months = {}
    days = rows.values("submitted_on").annotate(n=Count("pk")).order_by()
    for day, n in days.values_list("submitted_on", "n"):
        key = f"{day:%Y-%m}"
        months[key] = months.get(key, 0) + n
    return sorted(months.items())


def provider_figures(rows):
    """Per provider engaged on the requests of ``rows`` (服务协同, recorded on the staff side):
    engagements, the requests resolved among them, and their satisfaction. Counted per
    combination of providers and score by the database, split per provider here."""
    groups = (
        rows.exclude(provider_key="")
        .values("provider_key", "score")
        .annotate(n=Count("pk"), resolved=Count("pk", filter=Q(resolved_on__isnull=False)))
        .order_by()
    )
    figures = {}
    for group in groups:
        for provider_id in split_key(group["provider_key"]):
            figure = figures.setdefault(
                int(provider_id), {"engagements": 0, "resolved": 0, "answered": 0, "total": 0}
            )
            figure["engagements"] += group["n"]
            figure["resolved"] += group["resolved"]
            if group["score"] is not None:
                figure["answered"] += group["n"]
                figure["total"] += group["score"] * group["n"]
    titles = dict(ProviderPage.objects.filter(pk__in=list(figures)).values_list("pk", "title"))
    result = [
        {
            "name": titles.get(provider_id, str(provider_id)),
            "engagements": figure["engagements"],
            "resolved": figure["resolved"],
            "answered": figure["answered"],
            "satisfaction": figure["total"] / figure["answered"] if figure["answered"] else None,
        }
        for provider_id, figure in figures.items()
    ]
    return sorted(result, key=lambda figure: (-figure["engagements"], figure["name"]))


def build_report(user, period, filters=None, today=None):
    filters = filters or Filters()
    today = today or timezone.localdate()
    rows = period_statistics(user, period, filters)
    report = Report(period=period, filters=filters)
    groups = _grouped(rows, today)
    report.totals = _totals(groups)
    report.totals["enterprises"] = _enterprises(rows)
    report.by_element = _by_element(groups)
    report.by_city = _labelled(_sum_by(groups, "city"), City.choices)
    report.by_scale = _labelled(_sum_by(groups, "scale"), Scale.choices)
    report.by_month = _by_month(rows)
    report.first_response, report.resolution = _both_durations(rows)
    report.scores = [(score, report.totals[f"score_{score}"]) for score in SCORES]
    report.providers = provider_figures(rows)
    report.callbacks = callback_figures(user, period, filters, today)
    report.channels = channel_figures(rows, period)
    return report


def monitoring_figures(user, period, today=None):
    """The few figures the dashboard watches, in three queries."""
    today = today or timezone.localdate()
    rows = period_statistics(user, period)
    totals = _totals([rows.aggregate(**_counts_of(today))])
    measured = totals["first_response_measured"]
    return {
        "sla": totals["first_response_hit"] / measured if measured else None,
        "satisfaction": totals["satisfaction"],
        "first_response_median": _durations(rows, "first_response_on").median,
    }


def open_callback_counts(user, today=None):
    """Open bad-rating callbacks of the user's inboxes, and how many are overdue."""
    today = today or timezone.localdate()
    return BadRatingCallback.objects.filter(
        request__in=filtered_statistics(user).values("request"), closed_at__isnull=True
    ).aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today)))
