"""Demo: offline service in the year of history (DESIGN.md §12) — about one request in five was
a walk-in at a station, a phone call or an on-site visit, recorded at one of the demo stations,
and visitors rated the stations (扫码评价). Deterministic and idempotent."""

import random
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from directory.models import StationPage
from service_requests.choices import IntakeChannel
from service_requests.models import ServiceRequest, StationRating

SEED = 1612
OFFLINE = [IntakeChannel.WALK_IN, IntakeChannel.WALK_IN, IntakeChannel.PHONE, IntakeChannel.ON_SITE]
COMMENTS = ["", "", "办理很快，工作人员很耐心。", "等候时间有点长。", "指引清楚。", ""]


def load_offline_history(prefix, today=None):
    """Mark a fifth of the history requests (references starting with ``prefix``) as offline at
    the demo stations, and add station ratings over the year. Returns ``(offline, ratings)``
    created, ``(0, 0)`` when done before."""
    stations = list(
        StationPage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("path")
    )
    if not stations or StationRating.objects.exists():
        return 0, 0
    rng = random.Random(SEED)
    history = ServiceRequest.objects.filter(reference__startswith=prefix).order_by("pk")
    offline = 0
    by_channel = {}
    for pk in history.values_list("pk", flat=True):
        if rng.random() >= 0.2:
            continue
        channel = rng.choice(OFFLINE)
        by_channel.setdefault((channel, rng.randrange(len(stations))), []).append(pk)
        offline += 1
    for (channel, index), pks in by_channel.items():
        ServiceRequest.objects.filter(pk__in=pks).update(
            intake_channel=channel, station=stations[index]
        )
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    ratings = []
    for station in stations:
        for _ in range(rng.randint(12, 30)):
            day = today - timedelta(days=rng.randrange(365))
            ratings.append(
                StationRating(
                    station=station,
                    score=rng.choices([5, 4, 3, 2, 1], weights=[45, 30, 12, 8, 5])[0],
                    comment=rng.choice(COMMENTS),
                    language=settings.LANGUAGE_CODE,
                    created_at=datetime.combine(day, time(rng.randint(9, 16)), tzinfo=tz),
                )
            )
    StationRating.objects.bulk_create(ratings)
    return offline, len(ratings)
