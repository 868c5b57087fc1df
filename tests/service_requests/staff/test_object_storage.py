"""Request files on S3-compatible object storage (a local moto server): uploaded through the
form into the private prefix, never readable without credentials, streamed to staff through the
permission-checked view, in the ZIP record, purged and erased through the storage API."""

import io
import urllib.error
import urllib.request
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from service_requests import records, uploads
from service_requests.models import ServiceRequest
from service_requests.storage import private_storage
from tests.object_storage import object_keys
from tests.service_requests.conftest import PDF, PNG, submit, upload, walk_to_check
from website.settings.env import get_object_storages


def _anonymous_status(url):
    try:
        return urllib.request.urlopen(url, timeout=5).status
    except urllib.error.HTTPError as error:
        return error.code


def test_storage_url_is_parsed_and_checked(monkeypatch):
    monkeypatch.setenv(
        "STORAGE_URL",
        "s3://files/qi?endpoint_url=https://s3.example.cn&region=cn-north-1"
        "&public_url=https://media.example.cn/files&private_bucket=files-private",
    )
    parsed = get_object_storages("STORAGE_URL")
    media, private = parsed["default"]["OPTIONS"], parsed["private"]["OPTIONS"]
    assert (media["bucket_name"], media["location"]) == ("files", "qi/media")
    assert (private["bucket_name"], private["location"]) == ("files-private", "qi/private")
    assert media["custom_domain"] == "media.example.cn/files" and not media["querystring_auth"]
    assert private["querystring_auth"] and private["querystring_expire"] == 60
    assert media["default_acl"] is None and private["default_acl"] is None
    assert media["endpoint_url"] == "https://s3.example.cn"
    monkeypatch.delenv("STORAGE_URL")
    assert get_object_storages("STORAGE_URL") == {}  # local folders stay the default
    for wrong, message in (
        ("https://files", "s3://"),
        ("s3://key:secret@files", "AWS_ACCESS_KEY_ID"),
        ("s3://files?endpoint=x", "unknown options endpoint"),
        ("s3://files?public_url=media.example.cn", "http"),
    ):
        monkeypatch.setenv("STORAGE_URL", wrong)
        with pytest.raises(ImproperlyConfigured, match=message):
            get_object_storages("STORAGE_URL")


def test_uploads_are_private_objects_streamed_to_staff(
    client, request_page, object_storage, coordinator
):
    endpoint, bucket = object_storage["endpoint"], object_storage["bucket"]
    walk_to_check(client, files={"files-upload": [upload("规格书.pdf", PDF)]})
    temporary = object_keys(endpoint, bucket)
    assert len(temporary) == 1 and temporary[0].startswith("site/private/wizard-uploads/")
    submit(client, "/request/check/")
    service_request = ServiceRequest.objects.get()
    request_file = service_request.files.get()
    keys = object_keys(endpoint, bucket)
    assert keys == [f"site/private/{request_file.file.name}"]  # moved, temporary copy gone
    # Nothing on the bucket is readable without credentials; a signed link lasts a minute.
    assert _anonymous_status(f"{endpoint}/{bucket}/{keys[0]}") == 403
    assert "X-Amz-Expires=60" in private_storage.url(request_file.file.name)

    url = f"/admin/requests/{service_request.pk}/files/{request_file.pk}/"
    assert client.get(url).status_code == 302  # the public visitor gets the login page
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"].startswith("private, no-store")


def test_record_zip_and_erasure_read_and_delete_objects(
    make_request, object_storage, django_capture_on_commit_callbacks
):
    service_request = make_request(["metrology"], "closed")
    stored = private_storage.save("requests/test/photo.png", ContentFile(PNG))
    service_request.files.create(
        file=stored, original_name="photo.png", content_type="image/png", size=len(PNG)
    )
    with zipfile.ZipFile(io.BytesIO(records.build_record(service_request))) as archive:
        assert archive.read("files/01-photo.png") == PNG
    with django_capture_on_commit_callbacks(execute=True):
        records.erase_personal_data(service_request)
    assert object_keys(object_storage["endpoint"], object_storage["bucket"]) == []


def test_abandoned_form_uploads_are_purged_from_the_bucket(db, object_storage):
    private_storage.save("wizard-uploads/abc/a.pdf", ContentFile(PDF))
    private_storage.save("wizard-uploads/def/b.pdf", ContentFile(PDF))
    assert uploads.purge_abandoned() == 0  # not abandoned yet
    later = timezone.now() + uploads.ABANDONED_AFTER + timedelta(minutes=1)
    assert uploads.purge_abandoned(now=later) == 2
    assert object_keys(object_storage["endpoint"], object_storage["bucket"]) == []


def test_media_links_are_signed_unless_a_public_address_is_given(
    db, settings, object_storage, monkeypatch
):
    media = storages["default"]
    name = media.save("original_images/logo.png", ContentFile(PNG))
    assert object_keys(object_storage["endpoint"], object_storage["bucket"]) == [
        "site/media/original_images/logo.png"
    ]
    signed = media.url(name)
    assert "X-Amz-Signature=" in signed
    assert urllib.request.urlopen(signed, timeout=5).read() == PNG
    monkeypatch.setenv("STORAGE_URL", object_storage["url"] + "&public_url=https://cdn.example.cn")
    settings.STORAGES = {**settings.STORAGES, **get_object_storages("STORAGE_URL")}
    assert (
        storages["default"].url(name)
        == "https://cdn.example.cn/site/media/original_images/logo.png"
    )
