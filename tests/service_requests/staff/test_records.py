"""Records and privacy: the access log of views, downloads and exports; the ZIP record of a
finished request; ``purge_expired_requests`` with and without ``--dry-run``."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from service_requests import access_log
from service_requests.choices import EventKind
from service_requests.models import RequestSettings, ServiceRequest
from service_requests.storage import private_storage


def _entries(service_request, action):
    return ModelLogEntry.objects.filter(object_id=str(service_request.pk), action=action)


def test_view_download_and_export_are_logged(client, metrology_staff, make_request, add_file):
    service_request = make_request(["metrology"])
    hidden = make_request(["testing"])
    request_file = add_file(service_request)
    client.force_login(metrology_staff)

    client.get(f"/admin/requests/{service_request.pk}/")
    view = _entries(service_request, access_log.VIEW).get()
    assert view.user == metrology_staff and view.timestamp <= timezone.now()

    client.get(f"/admin/requests/{service_request.pk}/files/{request_file.pk}/")
    download = _entries(service_request, access_log.DOWNLOAD).get()
    assert download.data == {"file": "报告.pdf"}

    client.get("/admin/requests/?export=xlsx")
    export = _entries(service_request, access_log.EXPORT).get()
    assert export.data == {"format": "xlsx"} and export.user == metrology_staff
    # Only what was exported is logged; nothing about the other inbox's request.
    assert not ModelLogEntry.objects.filter(object_id=str(hidden.pk)).exists()


def test_refused_access_is_not_logged_as_a_view(client, metrology_staff, make_request):
    hidden = make_request(["testing"])
    client.force_login(metrology_staff)
    assert client.get(f"/admin/requests/{hidden.pk}/").status_code == 404
    assert not _entries(hidden, access_log.VIEW).exists()


def test_access_log_is_listed_in_the_site_history(client, admin_user, make_request):
    service_request = make_request(["metrology"])
    client.force_login(admin_user)
    client.get(f"/admin/requests/{service_request.pk}/")
    history = client.get("/admin/reports/site-history/")
    assert history.status_code == 200
    assert service_request.reference in history.content.decode()


def test_record_export_of_a_closed_request(client, coordinator, make_request, add_file):
    service_request = make_request(["metrology"], "closed")
    add_file(service_request, name="检测报告.pdf")
    client.force_login(coordinator)
    response = client.get(f"/admin/requests/{service_request.pk}/record/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        answers = json.loads(archive.read("answers.json"))
        timeline = archive.read("timeline.csv").decode("utf-8-sig")
        assert archive.read("files/01-检测报告.pdf") == b"%PDF-1.4 test"
    assert {"answers.json", "timeline.csv"} <= set(names)
    assert service_request.enterprise_name in answers.values()
    assert "商标注册申请已提交" in timeline or "服务" in timeline
    assert _entries(service_request, access_log.RECORD_EXPORT).get().user == coordinator


def test_open_request_has_no_record_export(client, coordinator, make_request):
    service_request = make_request(["metrology"], "accepted")
    client.force_login(coordinator)
    assert client.get(f"/admin/requests/{service_request.pk}/record/").status_code == 404


@pytest.fixture
def expired(make_request, add_file, inboxes):
    site = Site.objects.get(is_default_site=True)
    settings = RequestSettings.for_site(site)
    settings.retention_days = 365
    settings.save()
    old = make_request(["metrology"], "closed", name="过期企业")
    request_file = add_file(old)
    ServiceRequest.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=400))
    old.refresh_from_db()
    recent = make_request(["testing"], "closed", name="近期企业")
    still_open = make_request(["testing"], "accepted", name="办理中企业")
    return old, request_file, recent, still_open


def test_purge_dry_run_lists_and_changes_nothing(expired):
    old, request_file, recent, still_open = expired
    out = io.StringIO()
    call_command("purge_expired_requests", "--dry-run", stdout=out)
    assert f"would erase {old.reference}" in out.getvalue()
    assert recent.reference not in out.getvalue() and still_open.reference not in out.getvalue()
    old.refresh_from_db()
    assert old.enterprise_name.startswith("过期企业") and old.personal_data_erased_at is None
    assert private_storage.exists(request_file.file.name)


def test_purge_erases_personal_data_and_keeps_statistics(
    django_capture_on_commit_callbacks, expired
):
    old, request_file, recent, _still_open = expired
    survey = old.survey
    survey.score, survey.comment = 4, "联系人张三很专业"
    survey.save()
    stats_before = (old.state, old.city, old.scale, old.industry, old.submitted_at, old.closed_at)
    elements = set(old.elements.values_list("code", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired_requests", stdout=io.StringIO())
    old.refresh_from_db()
    assert old.personal_data_erased_at is not None
    for field in ("enterprise_name", "uscc", "contact_name", "contact_phone", "contact_email"):
        assert getattr(old, field) == "", field
    assert not old.files.exists()
    assert not private_storage.exists(request_file.file.name)
    assert not old.events.exclude(note="").exists()
    assert old.events.filter(kind=EventKind.PERSONAL_DATA_ERASED).exists()
    assert not old.check_tracking_token(old.tracking_token or "x")
    # Anonymous statistics stay.
    assert (old.state, old.city, old.scale, old.industry, old.submitted_at, old.closed_at) == (
        stats_before
    )
    assert set(old.elements.values_list("code", flat=True)) == elements
    survey.refresh_from_db()
    assert survey.score == 4 and survey.comment == ""
    assert _entries(old, access_log.PURGE).exists()
    recent.refresh_from_db()
    assert recent.personal_data_erased_at is None and recent.enterprise_name
    # A second run finds nothing more.
    out = io.StringIO()
    call_command("purge_expired_requests", stdout=out)
    assert "erased personal data of 0 request(s)" in out.getvalue()
