"""Per-provider figures of the engagement life cycle (服务协同, DESIGN.md §12): for the
engagements referred in a period, per provider — referrals, accepted, declined, acceptance rate,
median response time (referred → answered) and median delivery time (referred → delivered) in
working days, and the satisfaction of the requests the provider delivered on.

Engagements count when their request is one the user may see (``figures.filtered_statistics``,
with the report's filters). Five queries and one read of the working-day calendar, whatever the
number of engagements: the durations are counted per (provider, day pair) by the database.
"""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q
from django.db.models.functions import Coalesce

from directory.models import ProviderPage
from improvement.dates import local_date
from improvement.figures import percentile_summary
from service_requests.models import EngagementStatus, ProviderEngagement
from website.workdays import working_day_ordinals

ACCEPTED = (EngagementStatus.ACCEPTED, EngagementStatus.IN_PROGRESS, EngagementStatus.DELIVERED)


@dataclass
class ProviderFigures:
    name: str
    referrals: int = 0
    accepted: int = 0
    declined: int = 0
    response_days: float | None = None  # median, working days
    delivery_days: float | None = None
    satisfaction: float | None = None  # mean score of the requests it delivered on
    scored: int = 0

    @property
    def acceptance_rate(self):
        answered = self.accepted + self.declined
        return self.accepted / answered if answered else None


def referred_in(statistics_rows, period):
    """The engagements referred in ``period`` on the requests of ``statistics_rows``."""
    start, end = period.bounds
    return ProviderEngagement.objects.filter(
        request__in=statistics_rows.values("request"),
        referred_at__gte=start,
        referred_at__lt=end,
    )


def _pairs(engagements, end_field):
    """How many engagements per (provider, day referred, day of ``end_field``)."""
    return list(
        engagements.filter(**{f"{end_field}__isnull": False})
        .values("provider")
        .annotate(start=local_date("referred_at"), end=local_date(end_field), n=Count("pk"))
        .values_list("provider", "start", "end", "n")
        .order_by()
    )


def _medians(pairs, ordinals):
    histograms = {}
    for provider, start, end, n in pairs:
        elapsed = max(0, ordinals[end] - ordinals[start])
        histogram = histograms.setdefault(provider, {})
        histogram[elapsed] = histogram.get(elapsed, 0) + n
    return {provider: percentile_summary(h).median for provider, h in histograms.items()}


def provider_figures(statistics_rows, period):
    """``ProviderFigures`` per provider with referrals in ``period``, most referrals first."""
    engagements = referred_in(statistics_rows, period)
    counts = list(
        engagements.values("provider")
        .annotate(
            referrals=Count("pk"),
            accepted=Count("pk", filter=Q(status__in=ACCEPTED)),
            declined=Count("pk", filter=Q(status=EngagementStatus.DECLINED)),
        )
        .order_by()
    )
    if not counts:
        return []
    responses = _pairs(engagements, "responded_at")
    deliveries = _pairs(engagements, "delivered_at")
    days = [day for _p, start, end, _n in responses + deliveries for day in (start, end)]
    ordinals = working_day_ordinals(min(days), max(days)) if days else {}
    response_days = _medians(responses, ordinals)
    delivery_days = _medians(deliveries, ordinals)
    satisfaction = {
        row["provider"]: row
        for row in engagements.filter(delivered_at__isnull=False)
        .values("provider")
        .annotate(
            mean=Avg("request__statistics__score"),
            scored=Coalesce(Count("request__statistics__score"), 0),
        )
        .order_by()
    }
    titles = dict(
        ProviderPage.objects.filter(pk__in=[row["provider"] for row in counts]).values_list(
            "pk", "title"
        )
    )
    result = []
    for row in counts:
        provider = row["provider"]
        scores = satisfaction.get(provider, {})
        result.append(
            ProviderFigures(
                name=titles.get(provider, str(provider)),
                referrals=row["referrals"],
                accepted=row["accepted"],
                declined=row["declined"],
                response_days=response_days.get(provider),
                delivery_days=delivery_days.get(provider),
                satisfaction=scores.get("mean"),
                scored=scores.get("scored", 0),
            )
        )
    return sorted(result, key=lambda figures: (-figures.referrals, figures.name))
