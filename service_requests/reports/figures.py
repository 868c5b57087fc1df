"""The figures of the reports, computed with aggregate queries.

Every figure starts from ``permissions.visible_requests(user)``: inbox staff get their inboxes'
figures, coordinators everybody's. The number of queries is fixed; rows grow with the number of
categories and of distinct (submitted, answered) day pairs, never with the number of requests.

Definitions (also in ``docs/reports.md``):

- A request belongs to the period in which it was submitted; spam is left out everywhere.
- Accepted: given a first response other than declining. Resolved: ever resolved.
- Durations are working days on the Chinese calendar (``website.workdays``) from the day of
  submission to the day of the first response / of resolution; the same day counts 0.
- Median: the middle value (mean of the two middle ones for an even count); p90: nearest rank.
- SLA hit rate: of the requests whose target date has passed or that were answered, the share
  answered on or before the target date. Requests declined or withdrawn have no resolution target.
"""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from directory.models import Element
from service_requests.choices import RequestState, Scale
from service_requests.permissions import visible_requests
from service_requests.reports.dates import local_date
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


def filtered_requests(user, filters=None):
    """The requests ``user`` may see, narrowed by ``filters``, spam left out."""
    filters = filters or Filters()
    requests = visible_requests(user).exclude(state=RequestState.SPAM)
    if filters.inbox is not None:
        requests = requests.filter(inboxes=filters.inbox)
    if filters.element:
        requests = requests.filter(elements__code=filters.element)
    if filters.city:
        requests = requests.filter(city=filters.city)
    return requests


def period_requests(user, period, filters=None):
    """The requests submitted in ``period`` that ``user`` may see, narrowed by ``filters``."""
    start, end = period.bounds
    return filtered_requests(user, filters).filter(submitted_at__gte=start, submitted_at__lt=end)


def callback_figures(user, period, filters=None, today=None):
    """Bad-rating callbacks opened in ``period``: closed on time, closed late, still open and
    overdue (by today)."""
    from service_requests.reports.models import BadRatingCallback

    today = today or timezone.localdate()
    start, end = period.bounds
    callbacks = BadRatingCallback.objects.filter(
        request__in=filtered_requests(user, filters), opened_at__gte=start, opened_at__lt=end
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


def _durations(requests, end_field):
    """Working-day durations from submission to ``end_field``, grouped by day pair."""
    pairs = list(
        requests.filter(**{f"{end_field}__isnull": False})
        .annotate(
            start_day=local_date("submitted_at"),
            end_day=local_date(end_field),
        )
        .values("start_day", "end_day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not pairs:
        return Durations()
    days = [row["start_day"] for row in pairs] + [row["end_day"] for row in pairs]
    ordinals = working_day_ordinals(min(days), max(days))
    histogram = {}
    for row in pairs:
        # An answer dated before the submission (data entered by hand) counts as 0 days.
        elapsed = max(0, ordinals[row["end_day"]] - ordinals[row["start_day"]])
        histogram[elapsed] = histogram.get(elapsed, 0) + row["n"]
    return percentile_summary(histogram)


def _totals(requests, today):
    answered = Q(first_response_at__isnull=False)
    resolved = Q(resolved_at__isnull=False)
    first_due = Q(first_response_due__isnull=False)
    resolution_due = Q(resolution_due__isnull=False) & ~Q(state__in=NO_RESOLUTION_TARGET)
    return requests.annotate(
        first_response_day=local_date("first_response_at"),
        resolved_day=local_date("resolved_at"),
    ).aggregate(
        received=Count("pk"),
        accepted=Count("pk", filter=answered & ~Q(state=RequestState.DECLINED)),
        resolved=Count("pk", filter=resolved),
        declined=Count("pk", filter=Q(state=RequestState.DECLINED)),
        enterprises=Count("uscc", distinct=True),
        first_response_measured=Count(
            "pk", filter=first_due & (answered | Q(first_response_due__lt=today))
        ),
        first_response_hit=Count(
            "pk", filter=first_due & answered & Q(first_response_day__lte=F("first_response_due"))
        ),
        resolution_measured=Count(
            "pk", filter=resolution_due & (resolved | Q(resolution_due__lt=today))
        ),
        resolution_hit=Count(
            "pk", filter=resolution_due & resolved & Q(resolved_day__lte=F("resolution_due"))
        ),
        surveys_sent=Count("survey"),
        surveys_answered=Count("survey", filter=Q(survey__responded_at__isnull=False)),
        satisfaction=Avg("survey__score"),
        **{f"score_{score}": Count("pk", filter=Q(survey__score=score)) for score in SCORES},
    )


def _counts(requests, key):
    rows = requests.values(key).annotate(n=Count("pk")).order_by()
    return {row[key]: row["n"] for row in rows}


def _labelled(counts, choices):
    """``(label, count)`` in the order of ``choices``, then anything unknown."""
    known = [(label, counts[value]) for value, label in choices if counts.get(value)]
    names = {value for value, _label in choices}
    return known + [(str(value), n) for value, n in counts.items() if value not in names and n]


def _by_element(requests):
    counts = _counts(requests, "elements__code")
    elements = Element.objects.filter(
        code__in=[code for code in counts if code], locale__language_code=settings.LANGUAGE_CODE
    ).order_by("sort_order", "code")
    return _labelled(counts, [(element.code, element.name) for element in elements])


def _by_month(requests):
    """Requests per month: counted per local day by the database, summed per month here."""
    rows = requests.annotate(day=local_date("submitted_at")).values("day").annotate(n=Count("pk"))
    months = {}
    for row in rows.order_by():
        key = f"{row['day']:%Y-%m}"
        months[key] = months.get(key, 0) + row["n"]
    return sorted(months.items())


def provider_figures(requests):
    """Per provider: engagements, resolved, satisfaction. Until engagements are recorded on the
    staff side, a provider is engaged by the requests that name it as preferred provider; this is
    the one function to point at engagements."""
    rows = (
        requests.filter(preferred_provider__isnull=False)
        .values("preferred_provider", "preferred_provider__title")
        .annotate(
            engagements=Count("pk"),
            resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
            answered=Count("survey__score"),
            satisfaction=Avg("survey__score"),
        )
        .order_by("-engagements", "preferred_provider__title")
    )
    return [
        {
            "name": row["preferred_provider__title"],
            "engagements": row["engagements"],
            "resolved": row["resolved"],
            "answered": row["answered"],
            "satisfaction": row["satisfaction"],
        }
        for row in rows
    ]


def build_report(user, period, filters=None, today=None):
    filters = filters or Filters()
    today = today or timezone.localdate()
    requests = period_requests(user, period, filters)
    report = Report(period=period, filters=filters)
    report.totals = _totals(requests, today)
    report.by_element = _by_element(requests)
    report.by_city = _labelled(_counts(requests, "city"), City.choices)
    report.by_scale = _labelled(_counts(requests, "scale"), Scale.choices)
    report.by_month = _by_month(requests)
    report.first_response = _durations(requests, "first_response_at")
    report.resolution = _durations(requests, "resolved_at")
    report.scores = [(score, report.totals[f"score_{score}"]) for score in SCORES]
    report.providers = provider_figures(requests)
    report.callbacks = callback_figures(user, period, filters, today)
    return report


def monitoring_figures(user, period, today=None):
    """The few figures the dashboard watches, in three queries."""
    today = today or timezone.localdate()
    requests = period_requests(user, period)
    totals = _totals(requests, today)
    measured = totals["first_response_measured"]
    return {
        "sla": totals["first_response_hit"] / measured if measured else None,
        "satisfaction": totals["satisfaction"],
        "first_response_median": _durations(requests, "first_response_at").median,
    }


def open_callback_counts(user, today=None):
    """Open bad-rating callbacks of the user's inboxes, and how many are overdue."""
    from service_requests.reports.models import BadRatingCallback

    today = today or timezone.localdate()
    return BadRatingCallback.objects.filter(
        request__in=visible_requests(user), closed_at__isnull=True
    ).aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today)))
