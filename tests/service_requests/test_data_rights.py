"""Data rights from "my requests": the export ZIP's contents and the erasure approval flow."""

import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

from service_requests.factories import submit as submit_request
from service_requests.models import ErasureRequest, RequestFile
from service_requests.services.files import private_name
from service_requests.storage import private_storage
from tests.service_requests.conftest import PDF, submit
from tests.service_requests.test_my_requests import _sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise_requests(request_page):
    mine, _ = submit_request("d-mine", contact_email="wang@example.com")
    mine.events.create(kind="note", note="内部备注，不给企业看", is_public=False)
    name = private_storage.save(private_name("pdf", mine.submitted_at), io.BytesIO(PDF))
    RequestFile.objects.create(
        request=mine, file=name, original_name="规格书.pdf", content_type="application/pdf",
        size=len(PDF), source="request_form",
    )  # fmt: skip
    theirs, _ = submit_request("d-theirs", contact_email="li@example.com", contact_phone="")
    return mine, theirs


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coordinator-d", password="pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_all_requests"),
        Permission.objects.get(codename="access_admin"),
    )
    return user


def test_export_zip_holds_the_requests_consents_public_events_and_files(
    client, enterprise_requests, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    mine, theirs = enterprise_requests
    assert client.get("/request/mine/export/").status_code == 302  # no session
    _sign_in(client, "wang@example.com", django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(20):
        response = client.get("/request/mine/export/")
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("requests.json"))
    assert [row["reference"] for row in data["requests"]] == [mine.reference]
    row = data["requests"][0]
    assert row["consents"]["privacy_notice"]["notice_version"] == mine.privacy_notice_version
    assert row["contact_email"] == "wang@example.com" and row["elements"] == ["metrology"]
    assert "内部备注" not in archive.read("requests.json").decode()
    assert [event["kind"] for event in row["events"]] == ["submitted"]
    (file_name,) = [n for n in archive.namelist() if n.startswith("files/")]
    assert file_name.startswith(f"files/{mine.reference}/") and file_name.endswith("规格书.pdf")
    assert archive.read(file_name) == PDF
    assert theirs.reference not in response.content.decode("latin-1")


def test_erasure_is_asked_then_approved_by_a_coordinator(
    client, enterprise_requests, coordinator, django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):  # fmt: skip
    mine, theirs = enterprise_requests
    _sign_in(client, "wang@example.com", django_capture_on_commit_callbacks)
    response = submit(client, "/request/mine/erase/", {"reason": "不再需要"})
    assert response.status_code == 200  # the confirmation box is required
    assert not ErasureRequest.objects.exists()
    submit(client, "/request/mine/erase/", {"reason": "不再需要", "confirm": "on"})
    erasure = ErasureRequest.objects.get()
    assert erasure.references == [mine.reference] and erasure.status == "pending"

    staff = Client()
    staff.force_login(coordinator)
    with django_assert_max_num_queries(30):
        listing = staff.get("/admin/erasure-requests/")
    assert listing.status_code == 200 and mine.reference in listing.content.decode()
    outsider = Client()
    outsider.force_login(
        type(coordinator).objects.create_user("plain", password="pw", is_staff=True)
    )
    assert outsider.get("/admin/erasure-requests/").status_code in (302, 403)
    assert outsider.post(f"/admin/erasure-requests/{erasure.pk}/", {"decision": "approve"}
                         ).status_code in (302, 403)  # fmt: skip
    erasure.refresh_from_db()
    assert erasure.status == "pending"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/admin/erasure-requests/{erasure.pk}/", {"decision": "approve"})
    erasure.refresh_from_db()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert erasure.status == "approved" and erasure.decided_by == coordinator
    assert mine.personal_data_erased_at is not None and mine.contact_email == ""
    assert mine.state == "withdrawn"
    assert not RequestFile.objects.filter(request=mine).exists()
    assert theirs.personal_data_erased_at is None and theirs.contact_email == "li@example.com"
    assert ModelLogEntry.objects.filter(
        object_id=str(mine.pk), action="service_requests.erasure", user=coordinator
    ).exists()
    (confirmation,) = [m for m in mail.outbox if m.to == ["wang@example.com"]]
    assert mine.reference in confirmation.body
    # The erased requests are no longer listed for the contact.
    assert mine.reference not in client.get("/request/mine/requests/").content.decode()


def test_refusal_needs_a_reason(client, enterprise_requests, coordinator):
    erasure = ErasureRequest.objects.create(contact="wang@example.com", references=["x"])
    staff = Client()
    staff.force_login(coordinator)
    staff.post(f"/admin/erasure-requests/{erasure.pk}/", {"decision": "refuse"})
    erasure.refresh_from_db()
    assert erasure.status == "pending"
    staff.post(f"/admin/erasure-requests/{erasure.pk}/", {"decision": "refuse", "reason": "争议中"})
    erasure.refresh_from_db()
    assert erasure.status == "refused" and erasure.refusal_reason == "争议中"
    enterprise_requests[0].refresh_from_db()
    assert enterprise_requests[0].personal_data_erased_at is None
