""" "My requests": one-time codes (expiry, reuse, tries, rate limits, no enumeration), a session
that shows exactly the contact's requests, and withdraw/reopen/message rules."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from service_requests import access_codes
from service_requests.factories import submit as submit_request
from service_requests.models import AccessCode, RequestEvent
from service_requests.public.my_requests import SESSION_KEY
from tests.service_requests.conftest import submit

pytestmark = pytest.mark.django_db
CODE = re.compile(r"^(\d{6})$", re.M)


@pytest.fixture
def two_enterprises(request_page):
    mine, _ = submit_request("t-mine", contact_email="wang@example.com", enterprise_name="甲公司")
    resolved, _ = submit_request(
        "t-resolved", state="resolved", contact_email="WANG@example.com", contact_phone=""
    )
    theirs, _ = submit_request(
        "t-theirs",
        contact_email="li@example.com",
        contact_phone="13900139000",
        enterprise_name="乙公司",
    )
    return mine, resolved, theirs


def _ask_code(client, contact, capture):
    mail.outbox.clear()
    with capture(execute=True):
        response = submit(client, "/request/mine/", {"contact": contact})
    return response


def _sign_in(client, contact, capture):
    response = _ask_code(client, contact, capture)
    assert response["Location"] == "/request/mine/code/"
    code = CODE.search(mail.outbox[-1].body).group(1)
    response = submit(client, "/request/mine/code/", {"code": code})
    assert response["Location"] == "/request/mine/requests/"
    return code


def test_code_sign_in_lists_exactly_the_contacts_requests(
    client, two_enterprises, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    mine, resolved, theirs = two_enterprises
    _sign_in(client, " Wang@Example.com ", django_capture_on_commit_callbacks)
    assert AccessCode.objects.get().code_hash not in mail.outbox[-1].body
    with django_assert_max_num_queries(14):
        page = client.get("/request/mine/requests/")
    html = page.content.decode()
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert mine.reference in html and resolved.reference in html
    assert theirs.reference not in html and "乙公司" not in html
    with django_assert_max_num_queries(22):
        detail = client.get(f"/request/mine/requests/{mine.reference}/")
    assert detail.status_code == 200 and mine.reference in detail.content.decode()
    # Another enterprise's reference, and guessed ones, are not found through this session.
    for reference in (theirs.reference, "QI-20260101-9999", "../", "x"):
        assert client.get(f"/request/mine/requests/{reference}/").status_code == 404
        response = client.post(
            f"/request/mine/requests/{reference}/", {"action": "withdraw", "text": "x"}
        )
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == "submitted"


def test_new_urls_need_a_session(client, two_enterprises):
    mine = two_enterprises[0]
    for url in ("/request/mine/requests/", f"/request/mine/requests/{mine.reference}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/request/mine/"
    assert client.get("/request/mine/code/")["Location"] == "/request/mine/"


def test_same_answer_whether_or_not_the_contact_has_requests(
    client, two_enterprises, django_capture_on_commit_callbacks
):
    known = _ask_code(client, "wang@example.com", django_capture_on_commit_callbacks)
    unknown = _ask_code(Client(), "nobody@example.com", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # A code is sent either way (the mailbox owner learns nothing others could not).
    assert mail.outbox[-1].to == ["nobody@example.com"]


def test_code_expires_is_single_use_and_dies_after_five_tries(
    client, two_enterprises, django_capture_on_commit_callbacks
):
    code = _sign_in(client, "wang@example.com", django_capture_on_commit_callbacks)
    assert not access_codes.verify("wang@example.com", code)  # reuse refused
    code = access_codes.issue("wang@example.com", "zh-hans")
    later = timezone.now() + timedelta(minutes=access_codes.CODE_MINUTES, seconds=1)
    assert not access_codes.verify("wang@example.com", code, now=later)
    code = access_codes.issue("wang@example.com", "zh-hans")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(access_codes.MAX_ATTEMPTS):
        assert not access_codes.verify("wang@example.com", wrong)
    assert not access_codes.verify("wang@example.com", code)  # too many tries
    other = Client()
    with django_capture_on_commit_callbacks(execute=True):
        submit(other, "/request/mine/", {"contact": "wang@example.com"})
    response = submit(other, "/request/mine/code/", {"code": wrong})
    assert response.status_code == 200 and "field-error" in response.content.decode()
    assert SESSION_KEY not in other.session


def test_codes_are_rate_limited_per_contact_and_per_address(
    client, two_enterprises, settings, django_capture_on_commit_callbacks
):
    settings.ACCESS_CODES_PER_CONTACT = (2, 3600)
    for _ in range(3):
        _ask_code(Client(), "wang@example.com", django_capture_on_commit_callbacks)
    assert AccessCode.objects.filter(contact="wang@example.com").count() == 2
    settings.SERVICE_REQUEST_RATE_LIMITS = {"code": (2, 3600)}
    _ask_code(client, "a@example.com", django_capture_on_commit_callbacks)
    _ask_code(client, "b@example.com", django_capture_on_commit_callbacks)
    assert _ask_code(client, "c@example.com", django_capture_on_commit_callbacks).status_code == 429


def test_session_expires_and_logs_out(client, two_enterprises, django_capture_on_commit_callbacks):
    _sign_in(client, "wang@example.com", django_capture_on_commit_callbacks)
    assert client.get("/request/mine/requests/").status_code == 200
    client.post("/request/mine/logout/")
    assert client.get("/request/mine/requests/").status_code == 302
    _sign_in(client, "wang@example.com", django_capture_on_commit_callbacks)
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "until": timezone.now().timestamp() - 1}
    session.save()
    assert client.get("/request/mine/requests/").status_code == 302


def test_withdraw_reopen_and_message(client, two_enterprises, django_capture_on_commit_callbacks):
    mine, resolved, _theirs = two_enterprises
    _sign_in(client, "wang@example.com", django_capture_on_commit_callbacks)
    url = f"/request/mine/requests/{mine.reference}/"
    client.post(url, {"action": "message", "text": "请尽快联系我们。"})
    event = RequestEvent.objects.get(request=mine, kind="enterprise_information")
    assert event.actor_kind == "enterprise" and event.note == "请尽快联系我们。"
    assert client.post(url, {"action": "withdraw", "text": ""}).status_code == 200  # reason needed
    client.post(url, {"action": "withdraw", "text": "已自行解决"})
    mine.refresh_from_db()
    assert mine.state == "withdrawn"
    assert "withdraw" not in client.get(url).content.decode().split("Write to us")[-1]
    client.post(url, {"action": "reopen", "text": "x"})  # not resolved: refused
    mine.refresh_from_db()
    assert mine.state == "withdrawn"
    # A resolved request reopens within 30 days, not after.
    resolved_url = f"/request/mine/requests/{resolved.reference}/"
    type(resolved).objects.filter(pk=resolved.pk).update(
        resolved_at=timezone.now() - timedelta(days=31)
    )
    client.post(resolved_url, {"action": "reopen", "text": "问题仍存在"})
    resolved.refresh_from_db()
    assert resolved.state == "resolved"
    type(resolved).objects.filter(pk=resolved.pk).update(
        resolved_at=timezone.now() - timedelta(days=29)
    )
    client.post(resolved_url, {"action": "reopen", "text": "问题仍存在"})
    resolved.refresh_from_db()
    assert resolved.state == "in_progress"
    assert resolved.events.filter(to_state="in_progress", note="问题仍存在").exists()


def test_sign_in_pages_query_counts(
    client, two_enterprises, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_assert_max_num_queries(16):
        assert client.get("/request/mine/").status_code == 200
    _ask_code(client, "wang@example.com", django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(16):
        assert client.get("/request/mine/code/").status_code == 200
