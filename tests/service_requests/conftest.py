"""Helpers of the service-request tests: sample files, a helper that fills in the form from
the page's own HTML, and a small directory. The request page, providers and a staff user are
fixtures of the root conftest, shared with the improvement tests."""

import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.isolation import built_once, fresh_copies


# --- a small directory ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def directory_once(request, django_db_setup):
    from directory.factories import build_directory

    def build():
        return build_directory(services=4, per_provider=2, stations=0, solutions=1)

    with built_once(request, build) as made:
        yield made


@pytest.fixture
def directory(db, directory_once):
    """Four services of two providers and a solution of three steps, built once per module."""
    return fresh_copies(directory_once)


# --- sample files -------------------------------------------------------------------------------
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _zip(names):
    """A tiny zip with fixed timestamps: the same bytes in every process, so pytest-xdist
    workers collect identical parametrized test ids."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ["[Content_Types].xml", *names]:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(info, "<Types/>" if name.startswith("[") else "<x/>")
    return buffer.getvalue()


DOCX = _zip(["_rels/.rels", "word/document.xml"])
XLSX = _zip(["_rels/.rels", "xl/workbook.xml"])
PLAIN_ZIP = _zip(["readme.txt"])
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
DOC = OLE_HEADER + b"\x00" * 512 + "WordDocument".encode("utf-16-le") + b"\x00" * 64
XLS = OLE_HEADER + b"\x00" * 512 + "Workbook".encode("utf-16-le") + b"\x00" * 64
MSI = OLE_HEADER + b"\x00" * 512 + "SummaryInformation".encode("utf-16-le") + b"\x00" * 64


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- filling in forms from their HTML -----------------------------------------------------------
class FormParser(HTMLParser):
    """Collects the controls of the first ``<form method="post">`` in a page."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.done = False
        self.hidden = {}
        self.names = []
        self.action = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post" and not self.done:
            self.in_form = True
            self.action = attrs.get("action")
        elif self.in_form and tag in ("input", "select", "textarea") and attrs.get("name"):
            self.names.append(attrs["name"])
            if attrs.get("type") == "hidden":
                self.hidden[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
            self.done = True


def parse_form(html):
    parser = FormParser()
    parser.feed(html)
    return parser


def submit(client, url, values=None, follow=False, **extra):
    """GET ``url``, then POST its form with its hidden fields and ``values`` on top."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    form = parse_form(page.content.decode())
    data = {**form.hidden, **(values or {})}
    return client.post(url, data, follow=follow, **extra)


VALID_USCC = "91440101MA5C00001N"
ENTERPRISE = {
    "enterprise-enterprise_name": "广州精测电子有限公司",
    "enterprise-uscc": VALID_USCC,
    "enterprise-scale": "small",
    "enterprise-industry": "C",
    "enterprise-city": "guangzhou",
    "enterprise-address": "广州市天河区示范路 1 号",
}
NEEDS = {
    "needs-elements": ["metrology", "testing"],
    "needs-description": "需要对一批电子天平进行检定校准，并咨询检测能力建设。",
    "needs-timeframe": "month",
    "needs-preferred_channel": "any",
}
CONTACT = {
    "contact-contact_name": "王小明",
    "contact-contact_phone": "138 0013 8000",
    "contact-contact_email": "wang@example.com",
    "contact-preferred_contact": "email",
    "contact-privacy_consent": "on",
    "contact-share_consent": "on",
}


def walk_to_check(client, prefix="", enterprise=None, needs=None, contact=None, files=None):
    """Answer every step up to the check page; returns the check page response."""
    response = client.get(f"{prefix}/request/start/")
    assert response.status_code == 302
    for step, values in (
        ("enterprise", {**ENTERPRISE, **(enterprise or {})}),
        ("needs", {**NEEDS, **(needs or {})}),
        ("files", files or {}),
        ("contact", {**CONTACT, **(contact or {})}),
    ):
        response = submit(client, f"{prefix}/request/{step}/", values)
        assert response.status_code == 302, (step, _errors(response))
    response = client.get(f"{prefix}/request/check/")
    assert response.status_code == 200
    return response


def _errors(response):
    html = response.content.decode()
    return re.findall(r'<p class="field-error"[^>]*>(.*?)</p>', html, re.S)


def send_request(client, prefix=""):
    """Fill in the whole form and send it; returns the final POST's response."""
    walk_to_check(client, prefix)
    return submit(client, f"{prefix}/request/check/")
