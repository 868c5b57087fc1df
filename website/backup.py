"""Backups that restore: the database, the public media and the private files, with a manifest.

``write_backup(target)`` writes into an empty folder:

- ``database.sqlite3`` (SQLite's online backup API, consistent while the site runs) or
  ``database.dump`` (``pg_dump -Fc``);
- ``media/`` and ``private/``: copies of every file of the ``default`` (public media) and
  ``private`` storages, read through the storage API, so local folders and object storage
  (``STORAGE_URL``) are backed up alike;
- ``manifest.json``: when, which engine, the row count of every table and the SHA-256 of every
  file, so a restore can be checked.

``restore_backup(source)`` checks every checksum first, then loads the database into the
configured (empty) database and saves the files into the configured (empty) storages.
"""

import hashlib
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
# Backup folder -> storage alias (settings.STORAGES).
FOLDERS = {"media": "default", "private": "private"}


class BackupError(Exception):
    pass


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stored_files(storage, folder=""):
    """Every file name of ``storage`` under ``folder``, through the storage API (local folders
    and object storage alike); nothing when the folder does not exist."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for name in sorted(folders):
        yield from stored_files(storage, posixpath.join(folder, name))


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
    for folder, alias in FOLDERS.items():
        (target / folder).mkdir()
        storage = storages[alias]
        for name in stored_files(storage):
            destination = target / folder / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name) as source, open(destination, "wb") as copy:
                shutil.copyfileobj(source, copy, 1 << 20)
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
    check_storages_empty()
    _load_database(source, manifest)
    restore_files(source)
    return manifest


def check_storages_empty():
    for alias in FOLDERS.values():
        if next(stored_files(storages[alias]), None) is not None:
            raise BackupError(f"The {alias} storage is not empty: restore into an empty site.")


def restore_files(source):
    """Save the backup's files into the configured storages under their own names."""
    for folder, alias in FOLDERS.items():
        storage = storages[alias]
        root = Path(source) / folder
        for path in sorted(root.rglob("*")):
            if not path.is_file():
                continue
            name = path.relative_to(root).as_posix()
            with open(path, "rb") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}.")
