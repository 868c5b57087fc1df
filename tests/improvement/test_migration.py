"""The models of continuous improvement moved from ``service_requests`` to ``improvement`` with
their tables: a database at the schema before the move, with rows in every moved table, a group
permission and a revision, migrates forward without losing any of them."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import Site

from improvement.models import (
    BadRatingCallback,
    EffectivenessAssessment,
    ImpactFollowUp,
    QualityTargets,
    RequestStatistics,
)
from service_requests.models import ServiceRequest

from .conftest import at, make_request

BEFORE_MOVE = ("service_requests", "0011_request_statistics")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader


def migrate_back():
    """The schema before the move; returns the models as they were then."""
    loader = migrate([BEFORE_MOVE, ("improvement", None)])
    return loader.project_state(BEFORE_MOVE).apps


def fill_old_tables(old, kept, unfilled):
    """Rows written through the models as they were in the ``service_requests`` app."""
    label = "service_requests"
    Statistics = old.get_model(label, "RequestStatistics")
    Statistics.objects.filter(request_id=kept.pk).update(city="zhuhai", score=2)
    Statistics.objects.filter(request_id=unfilled.pk).delete()  # 0011 had filled it
    old.get_model(label, "BadRatingCallback").objects.create(
        request_id=kept.pk, score=2, due=date(2026, 10, 30), cause="报告晚了"
    )
    old.get_model(label, "ImpactFollowUp").objects.create(
        request_id=kept.pk, token="t" * 32, achieved="yes", outcomes=["certificate"]
    )
    assessment = old.get_model(label, "EffectivenessAssessment").objects.create(
        title="2026年第三季度", period_start=date(2026, 7, 1), period_end=date(2026, 9, 30)
    )
    old.get_model(label, "ImprovementAction").objects.create(
        assessment=assessment, description="加急通道", owner="协调员", due=date(2026, 12, 1)
    )
    site = old.get_model("wagtailcore", "Site").objects.get(is_default_site=True)
    old.get_model(label, "QualityTargets").objects.create(
        site=site, satisfaction_target=Decimal("4.20"), follow_up_months=3
    )
    types = old.get_model("contenttypes", "ContentType").objects
    assessment_type = types.get(app_label=label, model="effectivenessassessment")
    old.get_model("wagtailcore", "Revision").objects.create(
        content_type=assessment_type,
        base_content_type=assessment_type,
        object_id=str(assessment.pk),
        object_str=assessment.title,
        content={"title": assessment.title},
        created_at=timezone.now(),
    )
    permission = old.get_model("auth", "Permission").objects.get(
        content_type__app_label=label, codename="change_qualitytargets"
    )
    group = old.get_model("auth", "Group").objects.create(name="协调员")
    group.permissions.add(permission)
    return permission.content_type_id


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moved_models_keep_their_rows_and_permissions(inboxes):
    made = {
        number: make_request(
            number,
            inboxes["metrology"],
            inboxes["elements"]["metrology"],
            submitted=at(date(2026, 9, 29)),
            state="resolved",
            resolved=at(date(2026, 10, 12)),
            score=2,
        )
        for number in (1, 2)
    }
    try:
        old = migrate_back()
        assert not ContentType.objects.filter(app_label="improvement").exists()
        type_id = fill_old_tables(old, made[1], made[2])
    finally:
        migrate(None)  # whatever happened, the next tests find the latest schema

    statistics = RequestStatistics.objects.get(request=made[1])
    assert (statistics.city, statistics.score, statistics.survey_answered) == ("zhuhai", 2, True)
    filled = RequestStatistics.objects.get(request=made[2])  # written by 0003_fill_statistics
    assert (filled.state, filled.element_key) == ("resolved", ",metrology,")
    callback = BadRatingCallback.objects.get()
    assert (callback.request, callback.cause, callback.is_closed) == (made[1], "报告晚了", False)
    follow_up = ImpactFollowUp.objects.get()
    assert follow_up.request.impact_follow_up == follow_up
    assert ImpactFollowUp.find(made[1].reference, "t" * 32) == follow_up
    assessment = EffectivenessAssessment.objects.get()
    assert [a.description for a in assessment.actions.all()] == ["加急通道"]
    assert assessment.revisions.get().object_str == "2026年第三季度"
    targets = QualityTargets.for_site(Site.objects.get(is_default_site=True))
    assert (targets.satisfaction_target, targets.follow_up_months) == (Decimal("4.20"), 3)

    # The content type moved in place: same id, so the group's permission still applies.
    permission = Group.objects.get(name="协调员").permissions.get()
    assert permission.content_type_id == type_id
    assert permission.content_type.model_class() is QualityTargets
    assert not ContentType.objects.filter(
        app_label="service_requests", model__in=["qualitytargets", "badratingcallback"]
    ).exists()
    user = get_user_model().objects.create_user("coordinator-migrated")
    user.groups.add(Group.objects.get(name="协调员"))
    assert user.has_perm("improvement.change_qualitytargets")
    assert Permission.objects.filter(content_type__app_label="improvement").count() >= 24
    assert ServiceRequest.objects.count() == 2
