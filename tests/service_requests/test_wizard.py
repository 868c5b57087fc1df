"""The request form walked through the test client in both languages."""

import re

import pytest
from django.core import mail

from service_requests.models import DeliveryLog, RequestEvent, ServiceRequest
from tests.service_requests.conftest import (
    CONTACT,
    ENTERPRISE,
    NEEDS,
    _errors,
    parse_form,
    send_request,
    submit,
    walk_to_check,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("prefix", "language"), [("", "zh-hans"), ("/en", "en")])
def test_full_walk_creates_one_request(client, request_page, prefix, language):
    check = walk_to_check(client, prefix)
    html = check.content.decode()
    assert ENTERPRISE["enterprise-enterprise_name"] in html
    assert "wang@example.com" in html and "13800138000" in html
    response = submit(client, f"{prefix}/request/check/")
    assert response.status_code == 303
    assert response["Location"] == f"{prefix}/request/submitted/"

    service_request = ServiceRequest.objects.get()
    assert re.fullmatch(r"QI-\d{8}-0001", service_request.reference)
    assert service_request.language == language
    assert service_request.state == "submitted"
    assert service_request.uscc == ENTERPRISE["enterprise-uscc"]
    assert service_request.contact_phone == "13800138000"
    assert [e.code for e in service_request.elements.all()] == ["metrology", "testing"]
    assert {e.locale.language_code for e in service_request.elements.all()} == {"zh-hans"}
    assert service_request.privacy_consent_at is not None
    assert service_request.share_consent and service_request.share_consent_at is not None
    assert service_request.lead_inbox.code == "metrology"
    assert {i.code for i in service_request.inboxes.all()} == {"metrology", "testing"}
    assert service_request.first_response_due > service_request.submitted_at.date()
    assert RequestEvent.objects.filter(request=service_request, kind="submitted").count() == 1
    assert set(DeliveryLog.objects.values_list("kind", "status")) == {
        ("acknowledgement", "queued"),
        ("inbox_new_request", "queued"),
    }
    assert mail.outbox == []  # nothing is sent during the request itself

    confirmation = client.get(response["Location"])
    page = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert service_request.reference in page
    assert service_request.get_tracking_url(absolute=False).replace("&", "&amp;") in page
    assert page.count("<h1") == 1


def test_replayed_double_clicked_and_refreshed_final_post_lands_on_the_same_confirmation(
    client, request_page
):
    check = walk_to_check(client)
    token = re.search(r'name="check-submission_token" value="([0-9a-f]+)"', check.content.decode())
    posted = {
        "check-submission_token": token.group(1),
        **{
            name: value
            for name, value in re.findall(
                r'<input type="hidden" name="([^"]+)" value="([^"]*)"', check.content.decode()
            )
        },
    }
    first = client.post("/request/check/", posted)
    second = client.post("/request/check/", posted)  # double click / replay
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert ServiceRequest.objects.count() == 1
    again = client.get("/request/submitted/")  # refresh of the confirmation
    assert ServiceRequest.objects.get().reference in again.content.decode()
    # A replay from a fresh browser (no session) with the token also finds the same request.
    from django.test import Client

    other = Client()
    other.get("/request/start/")
    replay = other.post("/request/check/", posted)
    assert replay.status_code == 303
    assert ServiceRequest.objects.get().reference in other.get(replay["Location"]).content.decode()
    assert ServiceRequest.objects.count() == 1


def test_a_new_request_after_one_was_sent_starts_empty(client, request_page):
    send_request(client)
    response = client.get("/request/start/")
    assert response["Location"] == "/request/enterprise/"
    page = client.get("/request/enterprise/").content.decode()
    assert ENTERPRISE["enterprise-enterprise_name"] not in page
    send_request(client)
    assert ServiceRequest.objects.count() == 2
    assert sorted(ServiceRequest.objects.values_list("reference", flat=True))[-1].endswith("-0002")


def test_steps_cannot_be_skipped(client, request_page):
    response = client.get("/request/check/")
    assert response.status_code == 302 and response["Location"] == "/request/enterprise/"
    submit(client, "/request/enterprise/", ENTERPRISE)
    response = client.get("/request/contact/")
    assert response["Location"] == "/request/needs/"


def test_change_links_return_to_the_check_page(client, request_page):
    check = walk_to_check(client).content.decode()
    change = re.search(r'href="(/request/enterprise/\?return=check#id_enterprise-city)"', check)
    assert change, "a change link for the city"
    url = change.group(1).split("#")[0]
    page = client.get(url).content.decode()
    assert 'name="return_to" value="check"' in page
    assert 'value="guangzhou" selected' in page  # the answer is kept
    response = submit(
        client, url, {**ENTERPRISE, "enterprise-city": "foshan", "return_to": "check"}
    )
    assert response["Location"] == "/request/check/"
    assert "Foshan" in client.get("/en/request/check/").content.decode()


def test_back_links_and_progress(client, request_page):
    client.get("/en/request/start/")
    submit(client, "/en/request/enterprise/", ENTERPRISE)
    page = client.get("/en/request/needs/").content.decode()
    assert 'class="back-link" href="/en/request/enterprise/"' in page
    assert "Step 2 of 5" in page
    zh = client.get("/request/needs/").content.decode()
    assert "第 2 步，共 5 步" in zh


def test_switching_language_keeps_the_answers(client, request_page):
    client.get("/request/start/")
    submit(client, "/request/enterprise/", ENTERPRISE)
    response = client.get("/en/request/start/")
    assert response["Location"] == "/en/request/needs/"
    submit(client, "/en/request/needs/", NEEDS)
    submit(client, "/en/request/files/", {})
    submit(client, "/en/request/contact/", CONTACT)
    check = client.get("/en/request/check/").content.decode()
    assert ENTERPRISE["enterprise-enterprise_name"] in check
    assert "Metrology" in check and "Inspection &amp; testing" in check
    submit(client, "/en/request/check/")
    assert ServiceRequest.objects.get().language == "en"


def test_honeypot_saves_the_request_as_spam_without_notifications(client, request_page):
    walk_to_check(client, contact={"contact-website": "http://spam.example"})
    response = submit(client, "/request/check/")
    assert response.status_code == 303
    service_request = ServiceRequest.objects.get()
    assert service_request.state == "spam"
    assert not DeliveryLog.objects.exists()
    assert not service_request.events.filter(is_public=True).exists()


def test_prefill_from_an_element_and_bad_values_are_ignored(client, request_page):
    # A NUL byte is bad input for the whole site (tests/website/test_bad_input.py).
    assert client.get("/request/start/?element=testing&element=%00").status_code == 400
    response = client.get("/request/start/?element=testing&element=nope&element=x")
    assert response.status_code == 302
    submit(client, "/request/enterprise/", ENTERPRISE)
    page = client.get("/request/needs/").content.decode()
    assert re.search(r'value="testing"[^>]*checked', page)
    assert not re.search(r'value="metrology"[^>]*checked', page)
    start = client.get("/request/?element=testing")
    assert 'href="/request/start/?element=testing"' in start.content.decode()
    assert "检验检测" in start.content.decode()


def test_prefill_is_added_to_needs_already_answered(client, request_page):
    client.get("/request/start/")
    submit(client, "/request/enterprise/", ENTERPRISE)
    submit(client, "/request/needs/", {**NEEDS, "needs-elements": ["metrology"]})
    client.get("/request/start/?element=brand")
    page = client.get("/request/needs/").content.decode()
    assert re.search(r'value="metrology"[^>]*checked', page)
    assert re.search(r'value="brand"[^>]*checked', page)


def test_form_pages_are_never_cached_and_the_start_page_is(client, request_page):
    start = client.get("/request/")
    assert "Cache-Control" not in start or "private" not in start["Cache-Control"]
    assert "sessionid" not in start.cookies and "csrftoken" not in start.cookies
    client.get("/request/start/")
    step = client.get("/request/enterprise/")
    assert "no-store" in step["Cache-Control"] and "private" in step["Cache-Control"]
    assert step["X-Robots-Tag"] == "noindex"
    assert 'name="csrfmiddlewaretoken"' in step.content.decode()


def test_start_page_and_preview(client, request_page, admin_user):
    from tests.website.test_pages import _json_ld

    html = client.get("/en/request/").content.decode()
    data = _json_ld(html)[0]
    assert data["@type"] == "GovernmentService" and data["inLanguage"] == "en"
    assert 'href="/en/request/start/"' in html and html.count("<h1") == 1
    client.force_login(admin_user)
    preview = client.get(f"/admin/pages/{request_page.zh.pk}/view_draft/")
    assert preview.status_code == 200
    assert 'href="/request/start/"' in preview.content.decode()  # the start page, not a step


def test_final_post_does_no_network_io(client, request_page, monkeypatch, settings):
    import socket

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    walk_to_check(client)

    def no_network(*args, **kwargs):
        raise AssertionError("network I/O during the final POST")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    response = submit(client, "/request/check/")
    assert response.status_code == 303
    assert ServiceRequest.objects.count() == 1
    assert DeliveryLog.objects.filter(status="queued").count() == 2


def test_revalidation_failure_sends_back_to_the_step(client, request_page):
    from directory.models import Element

    check = walk_to_check(client, needs={"needs-elements": ["brand"]})
    posted = parse_form(check.content.decode()).hidden
    Element.objects.filter(code="brand").delete()  # the element disappeared meanwhile
    response = client.post("/request/check/", posted)
    assert response.status_code == 302 and response["Location"] == "/request/needs/"
    assert not ServiceRequest.objects.exists()
    assert _errors(client.get("/request/needs/"))  # the stale answer is pointed out


def test_the_language_switcher_stays_on_the_same_step(client, request_page):
    client.get("/request/start/")
    submit(client, "/request/enterprise/", ENTERPRISE)
    html = client.get("/request/needs/").content.decode()
    assert 'href="/en/request/needs/" hreflang="en"' in html
    english = client.get("/en/request/needs/").content.decode()
    assert 'href="/request/needs/" hreflang="zh-hans"' in english
    assert "Step 2 of 5" in english


def test_with_the_page_cache_on_only_the_start_page_is_cached(client, request_page, settings):
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 300
    assert client.get("/request/")["X-Page-Cache"] == "miss"
    assert client.get("/request/")["X-Page-Cache"] == "hit"
    for path in ("/request/enterprise/", "/request/track/", "/en/request/track/"):
        for visitor in (Client(), Client()):  # two anonymous visitors, each without a session
            response = visitor.get(path)
            assert "X-Page-Cache" not in response, path
            assert "private" in response["Cache-Control"]
    first, second = Client(), Client()
    token_one = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        first.get("/request/enterprise/").content.decode(),
    )
    token_two = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        second.get("/request/enterprise/").content.decode(),
    )
    assert token_one.group(1) != token_two.group(1)


def test_consents_record_the_privacy_notice_version_the_enterprise_saw(client, request_page):
    """Both consents keep the version of the notice shown next to them (DESIGN.md §12), so a
    later version can ask again."""
    page = request_page.zh
    page.privacy_notice_version = "2026-12"
    page.save_revision().publish()
    send_request(client)
    service_request = ServiceRequest.objects.get()
    assert service_request.privacy_notice_version == "2026-12"
    assert service_request.share_consent_notice_version == "2026-12"
