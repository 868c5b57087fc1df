"""The dashboard counts helpers started, completed and turned into requests."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from diagnosis.dashboard import run_figures
from diagnosis.models import DiagnosisSession

pytestmark = pytest.mark.django_db


def _runs(home):
    now = timezone.now()
    key = home.translation_key
    DiagnosisSession.objects.create(questionnaire_key=key, language="zh-hans")
    DiagnosisSession.objects.create(
        questionnaire_key=key, language="zh-hans", completed_at=now, request_started_at=now
    )
    DiagnosisSession.objects.create(
        questionnaire_key=key,
        language="en",
        completed_at=now,
        request_started_at=now,
        converted_at=now,
    )
    old = DiagnosisSession.objects.create(questionnaire_key=key, language="zh-hans")
    DiagnosisSession.objects.filter(pk=old.pk).update(started_at=now - timedelta(days=40))


def test_figures(home, django_assert_num_queries):
    _runs(home)
    with django_assert_num_queries(1):
        rows = run_figures()
    assert [row[1:] for row in rows] == [(3, 4, None), (2, 2, 50), (2, 2, 100), (1, 1, 50)]


def test_panel_for_who_may_see_runs(client, home, admin_user, staff_user):
    _runs(home)
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert 'id="diagnosis-panel-title"' in html and "<td>50%</td>" in html
    client.force_login(staff_user)
    staff_user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert 'id="diagnosis-panel-title"' not in client.get("/admin/").content.decode()
    staff_user.user_permissions.add(Permission.objects.get(codename="view_diagnosissession"))
    assert 'id="diagnosis-panel-title"' in client.get("/admin/").content.decode()
