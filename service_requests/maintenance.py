"""Housekeeping of service requests: abandoned temporary uploads, lost notifications.

Run by the scheduled jobs of ``operations.jobs`` (``manage.py run_scheduler``) and by hand with
``manage.py requests_maintenance``.
"""

import logging
import os
import posixpath
from datetime import timedelta

from django.utils import timezone

from service_requests import signals
from service_requests.storage import WIZARD_UPLOADS_PREFIX, private_storage

logger = logging.getLogger(__name__)

# A form left this long without finishing has been abandoned: its session is long gone too.
STALE_UPLOAD_AGE = timedelta(days=2)


def delete_stale_uploads(now=None):
    """Delete temporary uploads older than ``STALE_UPLOAD_AGE``; returns how many files."""
    now = now or timezone.now()
    deleted = 0
    try:
        folders, _files = private_storage.listdir(WIZARD_UPLOADS_PREFIX)
    except FileNotFoundError:
        return 0
    for folder in folders:
        path = posixpath.join(WIZARD_UPLOADS_PREFIX, folder)
        _subfolders, files = private_storage.listdir(path)
        for name in files:
            file_path = posixpath.join(path, name)
            if now - private_storage.get_modified_time(file_path) > STALE_UPLOAD_AGE:
                private_storage.delete(file_path)
                deleted += 1
        _remove_if_empty(path)
    if deleted:
        logger.info("Deleted %s abandoned request-form uploads.", deleted)
    return deleted


def _remove_if_empty(path):
    """Local folders are left behind by deleting their files; object storage has none."""
    try:
        local = private_storage.path(path)
    except NotImplementedError:
        return
    try:
        os.rmdir(local)
    except OSError:
        pass  # not empty, or already gone


def run_housekeeping():
    """Announce ``maintenance_requested``: the apps that keep figures about requests
    (``improvement``: report rows of requests changed without a signal) do their share. Returns
    their report lines."""
    lines = [line for _receiver, line in signals.maintenance_requested.send(sender=None) if line]
    return " ".join(lines)
