"""The demo history's referrals: provider answers (some declined with a reason, some late),
deliveries, and requests from the demo solutions with their plans. Loads the history on a small
directory, not the whole demo."""

import pytest
from django.db.models import F

from directory.factories import build_directory
from improvement.demo import load_history
from service_requests.models import PlanStep, ProviderEngagement

pytestmark = pytest.mark.django_db


def test_history_referrals_and_plans(request_page):
    build_directory(services=6, per_provider=2, stations=0, solutions=2)
    assert load_history() > 300
    engagements = ProviderEngagement.objects.filter(request__reference__startswith="QI-H")
    declined = engagements.filter(status="declined")
    assert declined.exists() and not declined.filter(decline_reason="").exists()
    assert engagements.filter(responded_at__date__gt=F("respond_by")).exists()  # late
    delivered = engagements.filter(status="delivered")
    assert delivered.exists() and not delivered.filter(delivered_at__isnull=True).exists()
    assert not engagements.filter(referred_at__isnull=True).exists()
    assert (
        engagements.filter(responded_at__isnull=False, responded_at__lt=F("referred_at")).count()
        == 0
    )
    steps = PlanStep.objects.filter(request__reference__startswith="QI-H")
    assert steps.values("request").distinct().count() >= 10
    assert not steps.filter(request__solution__isnull=True).exists()
    assert steps.filter(engagement__isnull=False).exists()
    for step in steps.filter(engagement__isnull=False).select_related("engagement"):
        assert step.engagement.provider_id == step.provider_id
        assert step.engagement.request_id == step.request_id
