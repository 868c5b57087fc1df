"""The year of report history that ``load_demo`` adds."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from improvement.models import (
    BadRatingCallback,
    EffectivenessAssessment,
    ImpactFollowUp,
)
from service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db


def _history():
    return ServiceRequest.objects.filter(reference__startswith="QI-H")


def test_history_is_rich_deterministic_and_loaded_once(locales):
    call_command("load_demo", stdout=StringIO())
    first = list(_history().order_by("reference").values_list("reference", "state", "city"))
    call_command("load_demo", stdout=StringIO())
    assert list(_history().order_by("reference").values_list("reference", "state", "city")) == first

    assert len(first) >= 300
    assert len({state for _, state, _ in first}) >= 8
    assert len({city for _, _, city in first}) >= 6
    history = _history()
    oldest = history.order_by("submitted_at").first().submitted_at
    assert (timezone.now() - oldest).days >= 300
    assert history.values("elements__code").annotate(n=Count("pk")).count() == 7
    assert history.filter(survey__score__lte=2).count() == BadRatingCallback.objects.count() > 0
    today = timezone.localdate()
    assert BadRatingCallback.objects.filter(closed_at__isnull=True, due__lt=today).exists()
    assert BadRatingCallback.objects.filter(closed_at__isnull=False).exists()
    assert ImpactFollowUp.objects.filter(responded_at__isnull=False).exists()
    assert EffectivenessAssessment.objects.get().actions.count() == 2
    assert all(r.inboxes.exists() for r in history.prefetch_related("inboxes")[:20])
