"""Uploads of the public forms (request form, tracking page): cheap checks first, then content.

A POST is checked in the order of what each check costs, so a hostile one cannot keep a worker
busy: the number of files (nothing read), their sizes (nothing read), the session's quota, the
visitor's upload rate, and only then each file's content (``validators.validate_upload``, whose
archive inspection is itself bounded). Before any of this Django stops parsing a body with more
than ``DATA_UPLOAD_MAX_NUMBER_FILES`` files and the ``BadInputMiddleware`` refuses a body larger
than ``MAX_REQUEST_BODY_SIZE`` (settings).

Temporary uploads of forms that were never sent are purged by ``purge_abandoned`` within hours.
"""

import logging
import os
import posixpath
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from service_requests import ratelimit, validators
from service_requests.storage import WIZARD_UPLOADS_PREFIX, private_storage

logger = logging.getLogger(__name__)

# Files of one request form together (a session), unless ``SERVICE_REQUEST_UPLOAD_QUOTA`` says.
DEFAULT_SESSION_QUOTA = 30 * 1024 * 1024
# A form left this long without being sent has been abandoned.
ABANDONED_AFTER = timedelta(hours=4)


def session_quota():
    return getattr(settings, "SERVICE_REQUEST_UPLOAD_QUOTA", DEFAULT_SESSION_QUOTA)


def check_files(files, *, existing=0, existing_bytes=0, request=None):
    """Check a batch of uploaded files; return them, each with its ``kind``, or raise.

    ``existing`` files of ``existing_bytes`` were uploaded by this form before. ``request``,
    when given, counts the files against the visitor's upload rate limit."""
    room = validators.MAX_FILES - existing
    if len(files) > room:
        if room <= 0:
            raise ValidationError(
                _("You have already added 5 files. Remove one before adding another."),
                code="too_many",
            )
        raise ValidationError(
            _("You can add %(room)s more file(s): at most 5 files in all."),
            code="too_many",
            params={"room": room},
        )
    errors = []
    for uploaded in files:
        try:
            validators.validate_size(uploaded)
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    quota = session_quota()
    if existing_bytes + sum(uploaded.size for uploaded in files) > quota:
        raise ValidationError(
            _("All files together must be %(quota)s or smaller. Remove a file or make it smaller."),
            code="quota",
            params={"quota": filesizeformat(quota)},
        )
    if files and request is not None and not ratelimit.hit(request, "upload", len(files)):
        raise ValidationError(
            _("You have uploaded many files in a short time. Please wait an hour and try again."),
            code="rate",
        )
    for uploaded in files:
        try:
            uploaded.kind = validators.validate_upload(uploaded)
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return files


def purge_abandoned(older_than=ABANDONED_AFTER, now=None):
    """Delete temporary uploads of forms not sent for ``older_than``; returns how many files.

    A plain function for any scheduler (``requests_maintenance`` runs it too)."""
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
            if now - private_storage.get_modified_time(file_path) > older_than:
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
