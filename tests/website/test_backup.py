"""Backup → restore drill: every table count and every file checksum come back in a new site."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from service_requests.factories import create_request
from website import backup

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parent.parent.parent


def _files(folder):
    folder = Path(folder)
    return {
        str(path.relative_to(folder)): backup.sha256(path)
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the drill restores into SQLite")
def test_backup_then_restore_into_a_fresh_site(tmp_path, request_page):
    create_request(1)
    create_request(2)
    for name in ("requests/2026/12/a.pdf", "requests/2026/12/b.docx"):
        Path(settings.PRIVATE_MEDIA_ROOT, name).parent.mkdir(parents=True, exist_ok=True)
        Path(settings.PRIVATE_MEDIA_ROOT, name).write_bytes(name.encode())
    Path(settings.MEDIA_ROOT, "original_images").mkdir(parents=True)
    Path(settings.MEDIA_ROOT, "original_images", "logo.png").write_bytes(b"\x89PNG logo")
    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"]["service_requests_servicerequest"] == 2
    assert manifest["tables"] == backup.table_counts()

    fresh = tmp_path / "fresh"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": f"sqlite:///{fresh / 'db.sqlite3'}",
        "MEDIA_ROOT": str(fresh / "media"),
        "PRIVATE_MEDIA_ROOT": str(fresh / "private"),
    }
    fresh.mkdir()
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup")],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    restored = sqlite3.connect(fresh / "db.sqlite3")
    counts = {
        name: restored.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
        for name in manifest["tables"]
    }
    assert counts == manifest["tables"]
    assert _files(fresh / "media") == _files(settings.MEDIA_ROOT)
    assert _files(fresh / "private") == _files(settings.PRIVATE_MEDIA_ROOT)
    assert len(_files(fresh / "private")) == 2


def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path):
    Path(settings.PRIVATE_MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    Path(settings.PRIVATE_MEDIA_ROOT, "a.pdf").write_bytes(b"%PDF-1.4")
    backup.write_backup(tmp_path / "b")
    (tmp_path / "b" / "private" / "a.pdf").write_bytes(b"changed")
    with pytest.raises(backup.BackupError, match="checksum"):
        backup.restore_backup(tmp_path / "b")
