"""SMS: an enterprise that gave only a mobile number is told by SMS through the delivery log —
the file backend's output, and the Tencent Cloud adapter against a local fake server."""

import hashlib
import hmac
import json
import re
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from service_requests import access_codes, delivery, factories, secret_messages, services, sms
from service_requests.choices import DeliveryChannel, DeliveryStatus, RequestState
from service_requests.models import DeliveryLog

pytestmark = pytest.mark.django_db

URL = re.compile(r"https?://\S+")


@pytest.fixture
def sms_dir(settings, tmp_path):
    settings.SMS_BACKEND = "service_requests.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    return tmp_path / "sms"


def phone_only_request(language="zh-hans", number=1):
    submission = factories.make_submission(
        f"sms-{language}-{number}",
        contact_email="",
        preferred_contact="phone",
        language=language,
        uscc=factories.make_uscc(number),
    )
    return services.submit_request(submission)[0]


def queue_draft_link(number, language, expires_at=None):
    context = {"url": "https://example.com/request/resume/secret-token/", "expires_at": expires_at}
    return secret_messages.queue("draft_link", number, language, context)


def _sent_files(directory):
    return sorted(directory.glob("*.txt"))


@pytest.mark.parametrize(("language", "words"), [("zh-hans", "已收到"), ("en", "We received")])
def test_acknowledgement_by_sms_written_by_the_file_backend(
    request_page, sms_dir, django_capture_on_commit_callbacks, language, words
):
    with django_capture_on_commit_callbacks(execute=True):
        sr = phone_only_request(language)
    log = DeliveryLog.objects.get(kind="acknowledgement")
    assert (log.channel, log.recipient) == (DeliveryChannel.SMS, "13800138000")
    assert log.status == DeliveryStatus.SENT
    [path] = _sent_files(sms_dir)
    content = path.read_text(encoding="utf-8")
    assert content.startswith("To: 13800138000\n")
    assert words in content and sr.reference in content
    assert sr.get_tracking_url() in content
    text = content.split("\n\n", 1)[1].strip()
    if language == "zh-hans":  # short: at most 70 characters besides the link
        assert len(URL.sub("", text)) <= 70


def test_the_survey_link_goes_by_sms_when_resolved(
    request_page, sms_dir, django_capture_on_commit_callbacks
):
    sr = phone_only_request()
    with django_capture_on_commit_callbacks(execute=True):
        for state in (RequestState.ACCEPTED, RequestState.IN_PROGRESS, RequestState.RESOLVED):
            services.transition(sr, state)
            sr.refresh_from_db()
    survey_log = DeliveryLog.objects.get(kind="survey")
    assert survey_log.channel == DeliveryChannel.SMS and survey_log.status == "sent"
    texts = [p.read_text(encoding="utf-8") for p in _sent_files(sms_dir)]
    assert any(sr.survey.get_url() in text for text in texts)


def test_email_stays_the_channel_when_given(request_page, sms_dir):
    submission = factories.make_submission("sms-email")
    services.submit_request(submission)
    assert DeliveryLog.objects.get(kind="acknowledgement").channel == DeliveryChannel.EMAIL


class FakeTencent(BaseHTTPRequestHandler):
    received = []
    answer = {"Response": {"SendStatusSet": [{"Code": "Ok", "SerialNo": "2433:1"}]}}

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeTencent.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        payload = json.dumps(FakeTencent.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_tencent(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeTencent)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeTencent.received = []
    host = f"127.0.0.1:{server.server_port}"
    settings.SMS_BACKEND = "service_requests.sms.TencentBackend"
    settings.SMS_TENCENT = {
        "endpoint": f"http://{host}/",
        "secret_id": "AKIDtest",
        "secret_key": "secret-key",
        "sdk_app_id": "1400000000",
        "sign_name": "质量一站式",
        "template_id": "100",
        "templates": {"survey": "200"},
        "region": "ap-guangzhou",
    }
    yield host
    server.shutdown()


def test_tencent_adapter_signs_and_sends(
    request_page, fake_tencent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sr = phone_only_request()
    log = DeliveryLog.objects.get(kind="acknowledgement")
    assert log.status == DeliveryStatus.SENT
    [(headers, body)] = FakeTencent.received
    data = json.loads(body)
    assert data["PhoneNumberSet"] == ["+8613800138000"]
    assert (data["SmsSdkAppId"], data["SignName"], data["TemplateId"]) == (
        "1400000000",
        "质量一站式",
        "100",
    )
    assert data["TemplateParamSet"] == [sr.reference, sr.get_tracking_url()]
    assert headers["x-tc-action"] == "SendSms" and headers["x-tc-version"] == "2021-01-11"
    assert headers["host"] == fake_tencent
    expected = sms.tc3_authorization(
        secret_id="AKIDtest",
        secret_key="secret-key",
        host=fake_tencent,
        payload=body,
        timestamp=int(headers["x-tc-timestamp"]),
    )
    assert headers["authorization"] == expected
    assert headers["authorization"].startswith("TC3-HMAC-SHA256 Credential=AKIDtest/")
    assert (
        "/sms/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature="
        in (headers["authorization"])
    )


def test_tencent_templates_of_one_time_secrets_get_their_own_parameters(
    fake_tencent, settings, django_capture_on_commit_callbacks
):
    """A carrier sends the template registered for the kind (and language), filled with that
    kind's parameters — the code and its minutes, the expiry date and the link — never our
    whole text as one parameter; once sent, neither the text nor the parameters are kept."""
    settings.SMS_TENCENT = {
        **settings.SMS_TENCENT,
        "templates": {"access_code": "300", "access_code.en": "301", "draft_link": "400"},
    }
    expires = timezone.make_aware(datetime(2026, 12, 11, 18, 0))
    with django_capture_on_commit_callbacks(execute=True):
        zh_code = access_codes.issue("13800138000", "zh-hans")
        en_code = access_codes.issue("13800138001", "en")
        queue_draft_link("13800138002", "zh-hans", expires)
    sent = {
        data["PhoneNumberSet"][0]: (data["TemplateId"], data["TemplateParamSet"])
        for data in (json.loads(body) for _headers, body in FakeTencent.received)
    }
    minutes = str(access_codes.CODE_MINUTES)
    assert sent == {
        "+8613800138000": ("300", [zh_code, minutes]),
        "+8613800138001": ("301", [en_code, minutes]),
        "+8613800138002": (
            "400",
            ["2026年12月11日", "https://example.com/request/resume/secret-token/"],
        ),
    }
    for log in DeliveryLog.objects.all():
        assert (log.status, log.body, log.params) == (DeliveryStatus.SENT, "", [])


def test_tc3_signature_matches_an_independent_computation():
    """The documented steps, written out again: derived key from the date, service and
    ``tc3_request``, then the string to sign over the canonical request."""
    payload = b'{"a": 1}'
    timestamp = 1_700_000_000  # 2023-11-14 UTC
    canonical = (
        "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:sms.tencentcloudapi.com\n"
        "x-tc-action:sendsms\n\ncontent-type;host;x-tc-action\n"
        + hashlib.sha256(payload).hexdigest()
    )
    to_sign = (
        "TC3-HMAC-SHA256\n1700000000\n2023-11-14/sms/tc3_request\n"
        + hashlib.sha256(canonical.encode()).hexdigest()
    )
    key = b"TC3k"
    for part in ("2023-11-14", "sms", "tc3_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    header = sms.tc3_authorization(
        secret_id="id",
        secret_key="k",
        host="sms.tencentcloudapi.com",
        payload=payload,
        timestamp=timestamp,
    )
    assert header.endswith(f"Signature={signature}")


def test_a_provider_error_is_recorded_and_retried(
    request_page, fake_tencent, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(
        FakeTencent,
        "answer",
        {"Response": {"Error": {"Code": "FailedOperation.SignatureIncorrect", "Message": "x"}}},
    )
    with django_capture_on_commit_callbacks(execute=True):
        phone_only_request()
    log = DeliveryLog.objects.get(kind="acknowledgement")
    assert log.status == DeliveryStatus.FAILED
    assert "SignatureIncorrect" in log.last_error
    assert log.next_attempt_at is not None
    assert delivery.MAX_ATTEMPTS > 1


def test_one_time_secrets_go_by_sms_to_a_mobile_number_and_are_not_kept(
    sms_dir, django_capture_on_commit_callbacks
):
    """A code to "my requests" and a saved form's link reach a contact who gave only a mobile
    number; once sent, the delivery log keeps neither the code nor the link."""
    with django_capture_on_commit_callbacks(execute=True):
        code = access_codes.issue("13800138000", "zh-hans")
        queue_draft_link("13800138001", "en")
    by_recipient = {
        path.read_text(encoding="utf-8").split("\n", 1)[0]: path.read_text(encoding="utf-8")
        for path in _sent_files(sms_dir)
    }
    assert code in by_recipient["To: 13800138000"] and "验证码" in by_recipient["To: 13800138000"]
    assert "secret-token" in by_recipient["To: 13800138001"]
    for log in DeliveryLog.objects.all():
        assert (log.channel, log.status, log.body) == (DeliveryChannel.SMS, "sent", "")
        assert code not in log.subject and "secret-token" not in log.subject
    assert access_codes.verify("13800138000", code)
