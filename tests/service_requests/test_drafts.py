"""Save and return: a request form saved server-side, reopened on another device by a one-time
link, expired and purged, and turned into exactly one request."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from operations.jobs import job_named
from service_requests import drafts
from service_requests.models import DeliveryLog, RequestDraft, ServiceRequest
from tests.service_requests.conftest import (
    CONTACT,
    ENTERPRISE,
    NEEDS,
    PDF,
    parse_form,
    submit,
    upload,
)

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://[^\s]+/request/resume/([\w-]+)/")


def _private_files(folder):
    root = Path(settings.PRIVATE_MEDIA_ROOT) / folder
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _save_on_files_step(client, capture, email="wang@example.com", prefix=""):
    """Answer two steps, upload a file, press "save and continue later" on the files step."""
    client.get(f"{prefix}/request/start/")
    submit(client, f"{prefix}/request/enterprise/", ENTERPRISE)
    submit(client, f"{prefix}/request/needs/", NEEDS)
    submit(
        client,
        f"{prefix}/request/files/",
        {"files-upload": [upload("规格书.pdf", PDF)], "action": "upload"},
    )
    response = submit(client, f"{prefix}/request/files/", {"save_draft": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/request/save/"
    with capture(execute=True):
        sent = submit(client, f"{prefix}/request/save/", {"contact": email})
    assert sent.status_code == 200
    return sent


def _link_token(message):
    return LINK.search(message.body).group(1)


def test_save_sends_a_one_time_link_and_keeps_answers_and_files(
    client, request_page, django_capture_on_commit_callbacks
):
    sent = _save_on_files_step(client, django_capture_on_commit_callbacks, "Wang@Example.com")
    assert "wang@example.com" in sent.content.decode()
    draft = RequestDraft.objects.get()
    assert draft.contact == "wang@example.com"
    assert draft.current_step == "files"
    assert draft.step_data["enterprise"]["enterprise-uscc"] == [ENTERPRISE["enterprise-uscc"]]
    assert [u["name"] for u in draft.uploads] == ["规格书.pdf"]
    assert draft.uploads[0]["tmp_name"].startswith(f"drafts/{draft.submission_token}/")
    assert len(_private_files("drafts")) == 1
    days = (draft.expires_at - draft.created_at).days
    assert days == 7
    (message,) = mail.outbox
    token = _link_token(message)
    assert token not in str(RequestDraft.objects.values_list().get())  # only its hash is stored
    assert draft.token_hash == drafts.hash_secret(token)
    log = DeliveryLog.objects.get(kind="draft_link")
    assert log.request is None and log.status == "sent" and log.body == ""  # secret not kept


def test_restore_on_a_new_client_then_finish_once(
    client, request_page, django_capture_on_commit_callbacks
):
    _save_on_files_step(client, django_capture_on_commit_callbacks)
    token = _link_token(mail.outbox[0])
    other = Client()
    confirm = other.get(f"/request/resume/{token}/")
    assert confirm.status_code == 200  # a GET (mail scanners) spends nothing
    assert "no-store" in confirm["Cache-Control"]
    assert RequestDraft.objects.get().token_used_at is None
    restored = other.post(f"/request/resume/{token}/")
    assert restored.status_code == 302 and restored["Location"] == "/request/files/"
    page = other.get("/request/files/").content.decode()
    assert "规格书.pdf" in page
    # The link is spent: a second use (any browser) gets the re-issue page.
    again = Client().post(f"/request/resume/{token}/")
    assert again.status_code == 404
    assert "/request/resume/" in again.content.decode()
    submit(other, "/request/files/")
    submit(other, "/request/contact/", CONTACT)
    check = other.get("/request/check/")
    form = parse_form(check.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        first = other.post("/request/check/", form.hidden)
        replay = other.post("/request/check/", form.hidden)
    assert first.status_code == replay.status_code == 303
    service_request = ServiceRequest.objects.get()
    assert service_request.enterprise_name == ENTERPRISE["enterprise-enterprise_name"]
    assert [f.original_name for f in service_request.files.all()] == ["规格书.pdf"]
    assert not RequestDraft.objects.exists()
    assert _private_files("drafts") == []
    # The first browser still holds the same form: sending it finds the same request.
    submit(client, "/request/files/")
    submit(client, "/request/contact/", CONTACT)
    submit(client, "/request/check/")
    assert ServiceRequest.objects.count() == 1


def test_unknown_expired_and_spent_links_and_reissue_say_the_same(
    client, request_page, django_capture_on_commit_callbacks
):
    assert client.get("/request/resume/guessed-token/").status_code == 404
    _save_on_files_step(client, django_capture_on_commit_callbacks)
    token = _link_token(mail.outbox[0])
    RequestDraft.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/request/resume/{token}/").status_code == 404
    assert client.post(f"/request/resume/{token}/").status_code == 404
    RequestDraft.objects.update(expires_at=timezone.now() + timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known = submit(client, "/request/resume/", {"contact": "wang@example.com"})
        unknown = submit(client, "/request/resume/", {"contact": "nobody@example.com"})

    def text(response):
        html = response.content.decode()
        return re.sub(r"\S+@example\.com", "", re.sub(r'name="csrfmiddlewaretoken"[^>]*', "", html))

    assert known.status_code == unknown.status_code == 200
    assert text(known) == text(unknown)
    (message,) = mail.outbox
    new_token = _link_token(message)
    assert new_token != token
    assert Client().get(f"/request/resume/{token}/").status_code == 404  # the old one is dead
    assert Client().get(f"/request/resume/{new_token}/").status_code == 200


def test_expired_drafts_and_their_files_are_purged_by_the_scheduled_job(
    client, request_page, django_capture_on_commit_callbacks
):
    _save_on_files_step(client, django_capture_on_commit_callbacks)
    assert len(_private_files("drafts")) == 1
    job = job_named("purge_expired_drafts")
    with django_capture_on_commit_callbacks(execute=True):
        job.function()
    assert RequestDraft.objects.count() == 1  # not expired yet
    later = timezone.now() + timedelta(days=7, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        line = drafts.purge_expired(now=later)
    assert line.startswith("1 ")
    assert not RequestDraft.objects.exists()
    assert _private_files("drafts") == []


def test_draft_days_setting(client, request_page, settings, django_capture_on_commit_callbacks):
    settings.REQUEST_DRAFT_DAYS = 2
    _save_on_files_step(client, django_capture_on_commit_callbacks)
    draft = RequestDraft.objects.get()
    assert (draft.expires_at - draft.created_at) == timedelta(days=2)


def test_consent_is_asked_again_after_a_notice_change(
    client, request_page, django_capture_on_commit_callbacks
):
    client.get("/request/start/")
    submit(client, "/request/enterprise/", ENTERPRISE)
    submit(client, "/request/needs/", NEEDS)
    submit(client, "/request/files/")
    submit(client, "/request/contact/", CONTACT)
    response = submit(client, "/request/check/", {"save_draft": "1"})
    assert response["Location"] == "/request/save/"
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, "/request/save/", {"contact": "wang@example.com"})
    token = _link_token(mail.outbox[0])
    type(request_page.zh).objects.update(privacy_notice_version="2026-12")
    other = Client()
    restored = other.post(f"/request/resume/{token}/")
    assert restored["Location"] == "/request/check/"
    moved = other.get("/request/check/")
    assert moved["Location"] == "/request/contact/"  # the consent step is no longer answered
    page = other.get("/request/contact/").content.decode()
    assert "privacy notice has changed" in page or "隐私" in page
    assert 'name="contact-privacy_consent"' in page and "checked" not in re.search(
        r'<input[^>]+name="contact-privacy_consent"[^>]*>', page
    ).group(0)
    submit(other, "/request/contact/", CONTACT)
    submit(other, "/request/check/")
    assert ServiceRequest.objects.get().privacy_notice_version == "2026-12"


def test_save_needs_a_started_form_and_an_email_or_mobile(client, request_page):
    assert client.get("/request/save/")["Location"] == "/request/start/"
    client.get("/request/start/")
    submit(client, "/request/enterprise/", {**ENTERPRISE, "save_draft": "1"})
    response = submit(client, "/request/save/", {"contact": "1380013"})
    assert response.status_code == 200
    assert not RequestDraft.objects.exists()
    assert 'class="field-error"' in response.content.decode()
    # A mobile number is taken: the link goes by SMS (tests/service_requests/test_sms.py).
    submit(client, "/request/save/", {"contact": "138 0013 8000"})
    assert RequestDraft.objects.get().contact == "13800138000"
    assert DeliveryLog.objects.get(kind="draft_link").channel == "sms"


def test_saved_form_pages_query_counts(
    client, request_page, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _save_on_files_step(client, django_capture_on_commit_callbacks)
    token = _link_token(mail.outbox[0])
    with django_assert_max_num_queries(16):
        assert client.get("/request/save/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"/request/resume/{token}/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/request/resume/").status_code == 200
