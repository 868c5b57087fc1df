"""Files on the request form: type and size checked by content, at most 5, removable, kept in
a private temporary place and moved to the private request storage on submit."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from service_requests.models import RequestFile, ServiceRequest
from tests.service_requests.conftest import (
    CONTACT,
    DOCX,
    ENTERPRISE,
    EXE,
    NEEDS,
    PDF,
    PNG,
    XLSX,
    _errors,
    submit,
    upload,
)

pytestmark = pytest.mark.django_db


def _to_files_step(client, prefix=""):
    client.get(f"{prefix}/request/start/")
    submit(client, f"{prefix}/request/enterprise/", ENTERPRISE)
    submit(client, f"{prefix}/request/needs/", NEEDS)


def _private_files(folder=""):
    root = Path(settings.PRIVATE_MEDIA_ROOT) / folder
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_files_are_checked_stored_privately_and_moved_on_submit(client, request_page):
    _to_files_step(client)
    response = submit(
        client,
        "/request/files/",
        {"files-upload": [upload("规格书.pdf", PDF), upload("photo.png", PNG)], "action": "upload"},
    )
    assert response["Location"] == "/request/files/"  # "upload and add another" stays
    page = client.get("/en/request/files/").content.decode()
    assert "规格书.pdf" in page and "photo.png" in page and "2 files added" in page
    temporary = _private_files("wizard-uploads")
    assert len(temporary) == 2
    assert not Path(settings.MEDIA_ROOT).exists() or not any(
        Path(settings.MEDIA_ROOT).rglob("*.pdf")
    )

    response = submit(client, "/request/files/", {"files-upload": [upload("data.xlsx", XLSX)]})
    assert response["Location"] == "/request/contact/"
    submit(client, "/request/contact/", CONTACT)
    check = client.get("/en/request/check/").content.decode()
    assert "规格书.pdf" in check and "data.xlsx" in check
    submit(client, "/request/check/")

    service_request = ServiceRequest.objects.get()
    files = list(service_request.files.order_by("pk"))
    assert [f.original_name for f in files] == ["规格书.pdf", "photo.png", "data.xlsx"]
    assert [f.content_type for f in files] == [
        "application/pdf",
        "image/png",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
    for stored in files:
        assert stored.file.name.startswith("requests/")
        assert stored.file.storage.exists(stored.file.name)
        assert stored.file.size == stored.size
    assert _private_files("wizard-uploads") == []  # temporary copies are gone
    assert len(_private_files("requests")) == 3


def test_a_renamed_exe_and_an_oversized_file_are_refused(client, request_page):
    _to_files_step(client, "/en")
    response = submit(client, "/en/request/files/", {"files-upload": [upload("invoice.pdf", EXE)]})
    assert response.status_code == 200
    assert "must be a PDF, Word, Excel, JPEG or PNG file" in " ".join(_errors(response))
    big = upload("big.pdf", PDF + b"0" * (10 * 1024 * 1024 + 1))
    response = submit(client, "/en/request/files/", {"files-upload": [big]})
    assert "each file must be 10 MB or smaller" in " ".join(_errors(response))
    assert _private_files() == []


def test_at_most_five_files(client, request_page):
    _to_files_step(client, "/en")

    def files(count):
        return [upload(f"f{i}.docx", DOCX) for i in range(count)]

    response = submit(client, "/en/request/files/", {"files-upload": files(6)})
    assert "at most 5 files" in " ".join(_errors(response))
    submit(client, "/en/request/files/", {"files-upload": files(4), "action": "upload"})
    response = submit(client, "/en/request/files/", {"files-upload": files(2)})
    assert "You can add 1 more file" in " ".join(_errors(response))
    submit(client, "/en/request/files/", {"files-upload": files(1), "action": "upload"})
    page = client.get("/en/request/files/").content.decode()
    assert "You have added 5 files" in page and 'type="file"' not in page


def test_a_file_can_be_removed(client, request_page):
    _to_files_step(client, "/en")
    submit(
        client,
        "/en/request/files/",
        {"files-upload": [upload("a.pdf", PDF), upload("b.png", PNG)], "action": "upload"},
    )
    page = client.get("/en/request/files/").content.decode()
    remove = re.search(
        r'name="remove" value="([0-9a-f]+)">Remove<span class="visually-hidden"> a.pdf', page
    )
    response = submit(client, "/en/request/files/", {"remove": remove.group(1)})
    assert response["Location"] == "/en/request/files/"
    page = client.get("/en/request/files/").content.decode()
    assert "a.pdf" not in page and "b.png" in page
    assert len(_private_files("wizard-uploads")) == 1


def test_starting_again_deletes_temporary_uploads(client, request_page):
    _to_files_step(client)
    submit(client, "/request/files/", {"files-upload": [upload("a.pdf", PDF)], "action": "upload"})
    assert len(_private_files("wizard-uploads")) == 1
    client.get("/request/start/?reset=1")
    assert _private_files("wizard-uploads") == []


def test_abandoned_uploads_are_cleaned_by_the_maintenance_task(client, request_page):
    from datetime import timedelta

    from django.utils import timezone

    from service_requests.maintenance import delete_stale_uploads

    _to_files_step(client)
    submit(client, "/request/files/", {"files-upload": [upload("a.pdf", PDF)], "action": "upload"})
    (path,) = _private_files("wizard-uploads")
    assert delete_stale_uploads() == 0
    old = (timezone.now() - timedelta(days=3)).timestamp()
    os.utime(path, (old, old))
    assert delete_stale_uploads() == 1
    assert _private_files("wizard-uploads") == []
    assert not RequestFile.objects.exists()
