"""Backups of a site whose files live on object storage: listed and copied through the storage
API into the backup folder, and saved back into the (empty) storages of a new site."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from tests.object_storage import new_bucket, object_keys
from website import backup
from website.settings.env import get_object_storages

FILES = {
    "default": {"original_images/logo.png": b"\x89PNG logo", "documents/guide.pdf": b"%PDF guide"},
    "private": {"requests/2026/12/a.pdf": b"%PDF a", "wizard-uploads/x/b.png": b"\x89PNG b"},
}


def _use_bucket(settings, monkeypatch, url):
    monkeypatch.setenv("STORAGE_URL", url)
    settings.STORAGES = {**settings.STORAGES, **get_object_storages("STORAGE_URL")}


# SQLite's online backup cannot copy the database while the test's own transaction holds it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_backup_and_restore_files_on_object_storage(
    settings, monkeypatch, object_storage, tmp_path
):
    for alias, files in FILES.items():
        for name, content in files.items():
            assert storages[alias].save(name, ContentFile(content)) == name
    manifest = backup.write_backup(tmp_path / "backup")
    for folder, alias in backup.FOLDERS.items():
        for name, content in FILES[alias].items():
            assert (tmp_path / "backup" / folder / name).read_bytes() == content
            assert f"{folder}/{name}" in manifest["files"]
    assert json.loads((tmp_path / "backup" / "manifest.json").read_text()) == manifest

    with pytest.raises(backup.BackupError, match="not empty"):
        backup.check_storages_empty()  # the old site still has its files

    fresh = new_bucket(object_storage["endpoint"], private_bucket=True, prefix="restored")
    _use_bucket(settings, monkeypatch, fresh)
    backup.check_storages_empty()
    backup.restore_files(tmp_path / "backup")
    bucket = fresh.split("/")[2]
    assert object_keys(object_storage["endpoint"], bucket) == sorted(
        f"restored/media/{name}" for name in FILES["default"]
    )
    assert object_keys(object_storage["endpoint"], f"{bucket}-private") == sorted(
        f"restored/private/{name}" for name in FILES["private"]
    )
    for alias, files in FILES.items():
        for name, content in files.items():
            with storages[alias].open(name) as handle:
                assert handle.read() == content
