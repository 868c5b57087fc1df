"""Uploads cannot tie up or fill the server: counts and sizes before content, bounded archive
inspection, a per-visitor rate and a per-session quota, abandoned uploads purged within hours."""

import io
import os
import time
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from service_requests import uploads, validators
from tests.service_requests.conftest import PDF, _errors, submit, upload
from tests.service_requests.test_files import _private_files, _to_files_step

pytestmark = pytest.mark.django_db


def crowded_docx(entries):
    """A DOCX with ``entries`` tiny parts: cheap to send, costly to parse without bounds."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("word/document.xml", date_time=(2026, 1, 1, 0, 0, 0))
        archive.writestr(info, "<x/>")
        for number in range(entries):
            archive.writestr(zipfile.ZipInfo(f"p/{number}", date_time=(2026, 1, 1, 0, 0, 0)), "")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def crowded():
    return crowded_docx(20_000)


def _timed(call):
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def test_a_post_of_32_crafted_files_is_refused_before_any_content_check(
    client, request_page, crowded, monkeypatch
):
    _to_files_step(client, "/en")
    page = client.get("/en/request/files/")
    checked = []
    monkeypatch.setattr(validators, "detect_file_kind", lambda f: checked.append(f))
    files = [upload(f"{n}.docx", crowded) for n in range(32)]
    response, seconds = _timed(
        lambda: client.post("/en/request/files/", {"files-upload": files, "action": "upload"})
    )
    assert response.status_code == 400
    assert "too many files at once" in response.content.decode()
    assert checked == []
    # Relative, not absolute: answering the 32-file POST costs less than checking the content
    # of two of those files (which is what every one of them cost before).
    monkeypatch.undo()
    _kind, one_check = _timed(lambda: validators.detect_file_kind(upload("a.docx", crowded)))
    _plain, plain_zip = _timed(lambda: zipfile.ZipFile(io.BytesIO(crowded)).namelist())
    assert seconds < 32 * plain_zip / 4, (seconds, plain_zip)
    assert page.status_code == 200 and one_check < plain_zip


def test_six_files_are_counted_before_their_content_is_read(client, request_page, monkeypatch):
    _to_files_step(client, "/en")
    checked = []
    monkeypatch.setattr(validators, "detect_file_kind", lambda f: checked.append(f))
    files = [upload(f"{n}.pdf", PDF) for n in range(6)]
    response = submit(client, "/en/request/files/", {"files-upload": files, "action": "upload"})
    assert response.status_code == 200
    assert any("at most 5 files" in error for error in _errors(response))
    assert checked == []


def test_an_archive_with_too_many_entries_is_refused_without_parsing(crowded, monkeypatch):
    monkeypatch.setattr(validators, "MAX_ARCHIVE_ENTRIES", 1_000)
    parsed = []
    monkeypatch.setattr(zipfile, "ZipFile", lambda *a, **k: parsed.append(a))
    assert validators.detect_file_kind(upload("a.docx", crowded)) is None
    assert parsed == []


def test_an_archive_expanding_beyond_the_bound_is_refused(monkeypatch):
    small = crowded_docx(3)
    assert validators.detect_file_kind(upload("a.docx", small)).extension == "docx"
    monkeypatch.setattr(validators, "MAX_ARCHIVE_EXPANDED_SIZE", 2)
    assert validators.detect_file_kind(upload("a.docx", small)) is None


def test_the_session_quota_counts_earlier_uploads(client, request_page, settings):
    settings.SERVICE_REQUEST_UPLOAD_QUOTA = len(PDF) * 2
    _to_files_step(client, "/en")
    first = [upload("a.pdf", PDF), upload("b.pdf", PDF)]
    submit(client, "/en/request/files/", {"files-upload": first, "action": "upload"})
    response = submit(
        client, "/en/request/files/", {"files-upload": [upload("c.pdf", PDF)], "action": "upload"}
    )
    assert any("All files together must be" in error for error in _errors(response))
    assert len(_private_files("wizard-uploads")) == 2


def test_uploads_are_rate_limited_per_visitor(client, request_page, settings):
    settings.SERVICE_REQUEST_RATE_LIMITS = {"upload": (2, 3600)}
    _to_files_step(client, "/en")
    for name in ("a.pdf", "b.pdf"):
        values = {"files-upload": [upload(name, PDF)], "action": "upload"}
        submit(client, "/en/request/files/", values)
    client.cookies.clear()  # a new session does not reset the visitor's count
    _to_files_step(client, "/en")
    response = submit(
        client, "/en/request/files/", {"files-upload": [upload("c.pdf", PDF)], "action": "upload"}
    )
    assert any("many files in a short time" in error for error in _errors(response))
    assert len(_private_files("wizard-uploads")) == 2


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(client, request_page, settings):
    settings.MAX_REQUEST_BODY_SIZE = 1000
    _to_files_step(client, "/en")
    files = [upload("a.pdf", PDF + b"\0" * 2000)]
    response = client.post("/en/request/files/", {"files-upload": files})
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_abandoned_uploads_are_purged_within_hours(client, request_page):
    _to_files_step(client, "/en")
    files = [upload("a.pdf", PDF), upload("b.pdf", PDF)]
    submit(client, "/en/request/files/", {"files-upload": files, "action": "upload"})
    old, recent = _private_files("wizard-uploads")
    stamp = (timezone.now() - timedelta(hours=5)).timestamp()
    os.utime(old, (stamp, stamp))
    assert uploads.purge_abandoned(older_than=timedelta(hours=4)) == 1
    assert _private_files("wizard-uploads") == [recent]
    assert uploads.purge_abandoned() == 0  # the default is hours too
