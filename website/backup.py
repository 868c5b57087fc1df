"""Backups that restore: the database, the public media and the private files, with a manifest.

``write_backup(target)`` writes into an empty folder:

- ``database.sqlite3`` (SQLite's online backup API, consistent while the site runs) or
  ``database.dump`` (``pg_dump -Fc``);
- ``media/`` and ``private/``: copies of ``MEDIA_ROOT`` and ``PRIVATE_MEDIA_ROOT``;
- ``manifest.json``: when, which engine, the row count of every table and the SHA-256 of every
  file, so a restore can be checked.

``restore_backup(source)`` checks every checksum first, then loads the database into the
configured (empty) database and copies the files into the configured folders.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
FOLDERS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    pass


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts():
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def _pg_environment():
    params = connection.get_connection_params()
    env = {"PGDATABASE": str(params.get("dbname") or settings.DATABASES["default"]["NAME"])}
    for key, name in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER")):
        if params.get(key):
            env[name] = str(params[key])
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    return env


def _run(command, env):
    result = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_database(target):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / "database.sqlite3")
        with destination:
            connection.connection.backup(destination)
        destination.close()
        return "database.sqlite3"
    if connection.vendor == "postgresql":
        _run(
            ["pg_dump", "-Fc", "--no-owner", "-f", str(target / "database.dump")], _pg_environment()
        )
        return "database.dump"
    raise BackupError(f"No backup method for the {connection.vendor} database.")


def write_backup(target):
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty.")
    database = _dump_database(target)
    for folder, setting in FOLDERS.items():
        source = Path(getattr(settings, setting))
        if source.exists():
            shutil.copytree(source, target / folder)
        else:
            (target / folder).mkdir()
    files = {
        str(path.relative_to(target)): sha256(path)
        for path in sorted(target.rglob("*"))
        if path.is_file()
    }
    manifest = {
        "created": timezone.now().isoformat(),
        "engine": connection.vendor,
        "database": database,
        "tables": table_counts(),
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def read_manifest(source):
    source = Path(source)
    manifest = json.loads((source / MANIFEST).read_text())
    for name, checksum in manifest["files"].items():
        path = source / name
        if not path.is_file() or sha256(path) != checksum:
            raise BackupError(f"{name} is missing or does not match its checksum.")
    return manifest


def _load_database(source, manifest):
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"A {manifest['engine']} backup cannot be restored into {connection.vendor}."
        )
    if table_counts().get("django_migrations"):
        raise BackupError("The database is not empty: restore into a new database.")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        backup = sqlite3.connect(source / manifest["database"])
        with backup:
            backup.backup(connection.connection)
        backup.close()
    else:
        command = [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            "-d",
            _pg_environment()["PGDATABASE"],
        ]
        _run([*command, str(source / manifest["database"])], _pg_environment())


def restore_backup(source):
    """Restore ``source`` into the configured database (empty) and folders; returns the
    manifest. Raises ``BackupError`` before changing anything if a file is damaged."""
    source = Path(source)
    manifest = read_manifest(source)
    for setting in FOLDERS.values():
        destination = Path(getattr(settings, setting))
        if destination.exists() and any(destination.rglob("*")):
            raise BackupError(f"{destination} is not empty: restore into an empty site.")
    _load_database(source, manifest)
    for folder, setting in FOLDERS.items():
        shutil.copytree(source / folder, Path(getattr(settings, setting)), dirs_exist_ok=True)
    return manifest
