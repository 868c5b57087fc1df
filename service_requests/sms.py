"""SMS, the channel beside email when the enterprise gave only a mobile number (DESIGN.md §12).

A pluggable backend chosen by ``SMS_BACKEND``:

- ``FileBackend`` (the default): each message written to a file under ``SMS_FILE_PATH``
  (``var/sms/``), like Django's file email backend;
- ``TencentBackend``: Tencent Cloud SMS, API 3.0 ``SendSms`` (version 2021-01-11), signed with
  TC3-HMAC-SHA256 as documented (cloud.tencent.com/document/api/382/55981 and /382/52072),
  configured by ``SMS_TENCENT`` (endpoint, secret id and key, SDK app id, sign name, template ids
  per message kind and language). Carriers only deliver approved templates: a request's message
  passes the reference and the link as the template's two parameters, a message carrying a
  one-time secret the parameters in ``secret_messages.SMS_TEMPLATE_PARAMS`` (the code and its
  minutes; the expiry date and the link; the references); the text we render is what the file
  backend writes.

Messages are rendered by ``delivery.build_sms`` and sent by the same task as emails.
"""

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.utils.module_loading import import_string

TIMEOUT = 10


class SmsError(Exception):
    """The provider refused or could not take the message."""


@dataclass
class SmsMessage:
    to: str  # an 11-digit mainland mobile number
    text: str
    kind: str = ""
    params: list = field(default_factory=list)  # the template parameters, in its order
    language: str = ""  # the enterprise's language: a carrier template per kind and language

    @property
    def subject(self):
        return self.text

    def send(self):
        return get_backend().send(self)


def get_backend():
    return import_string(settings.SMS_BACKEND)()


class FileBackend:
    """Writes each message to its own file under ``SMS_FILE_PATH``."""

    def __init__(self, path=None):
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, message):
        self.path.mkdir(parents=True, exist_ok=True)
        name = f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.txt"
        target = self.path / name
        target.write_text(
            f"To: {message.to}\nKind: {message.kind}\n\n{message.text}\n", encoding="utf-8"
        )
        return str(target)


# --- Tencent Cloud SMS --------------------------------------------------------------------------
SERVICE = "sms"
ACTION = "SendSms"
VERSION = "2021-01-11"
ALGORITHM = "TC3-HMAC-SHA256"
CONTENT_TYPE = "application/json; charset=utf-8"


def _hmac(key, text):
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def tc3_authorization(*, secret_id, secret_key, host, payload, timestamp):
    """The ``Authorization`` header of a TC3-HMAC-SHA256 signed POST of ``payload`` (bytes)."""
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    signed_headers = "content-type;host;x-tc-action"
    canonical_headers = f"content-type:{CONTENT_TYPE}\nhost:{host}\nx-tc-action:{ACTION.lower()}\n"
    canonical_request = "\n".join(
        [
            "POST",
            "/",
            "",
            canonical_headers,
            signed_headers,
            hashlib.sha256(payload).hexdigest(),
        ]
    )
    scope = f"{date}/{SERVICE}/tc3_request"
    string_to_sign = "\n".join(
        [
            ALGORITHM,
            str(timestamp),
            scope,
            hashlib.sha256(canonical_request.encode("utf-8")).hexdigest(),
        ]
    )
    key = _hmac(("TC3" + secret_key).encode("utf-8"), date)
    key = _hmac(key, SERVICE)
    key = _hmac(key, "tc3_request")
    signature = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    return (
        f"{ALGORITHM} Credential={secret_id}/{scope}, "
        f"SignedHeaders={signed_headers}, Signature={signature}"
    )


class TencentBackend:
    """Tencent Cloud SMS ``SendSms`` over HTTPS (urllib, no SDK)."""

    def __init__(self, config=None):
        self.config = config or settings.SMS_TENCENT

    def _template(self, message):
        """The template registered for the message's kind in its language (``kind.en``), else
        for its kind, else the default template."""
        templates = self.config.get("templates") or {}
        return str(
            templates.get(f"{message.kind}.{message.language}")
            or templates.get(message.kind)
            or self.config["template_id"]
        )

    def send(self, message):
        config = self.config
        body = {
            "PhoneNumberSet": [f"+86{message.to}"],
            "SmsSdkAppId": config["sdk_app_id"],
            "SignName": config["sign_name"],
            "TemplateId": self._template(message),
            "TemplateParamSet": [str(value) for value in message.params],
        }
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        host = urlsplit(config["endpoint"]).netloc
        timestamp = int(time.time())
        headers = {
            "Authorization": tc3_authorization(
                secret_id=config["secret_id"],
                secret_key=config["secret_key"],
                host=host,
                payload=payload,
                timestamp=timestamp,
            ),
            "Content-Type": CONTENT_TYPE,
            "Host": host,
            "X-TC-Action": ACTION,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": VERSION,
            "X-TC-Region": config.get("region") or "ap-guangzhou",
        }
        request = Request(config["endpoint"], data=payload, headers=headers, method="POST")  # noqa: S310
        with urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - configured endpoint
            answer = json.loads(response.read().decode("utf-8"))
        result = answer.get("Response") or {}
        if "Error" in result:
            error = result["Error"]
            raise SmsError(f"{error.get('Code')}: {error.get('Message')}")
        statuses = result.get("SendStatusSet") or [{}]
        if statuses[0].get("Code") != "Ok":
            raise SmsError(f"{statuses[0].get('Code')}: {statuses[0].get('Message')}")
        return statuses[0].get("SerialNo", "")
