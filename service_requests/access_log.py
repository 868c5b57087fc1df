"""Who viewed or exported a request's personal data, when, and what (保密和信息安全): Wagtail
log entries (``ModelLogEntry``) on the request, shown in the admin's site history and the
request's own history, kept after personal data is erased."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

VIEW = "service_requests.view"
DOWNLOAD = "service_requests.download"
EXPORT = "service_requests.export"
RECORD_EXPORT = "service_requests.record_export"
PURGE = "service_requests.purge"
ERASURE = "service_requests.erasure"

ACTIONS = [
    (VIEW, _("View personal data"), _("Viewed the request's personal data")),
    (DOWNLOAD, _("Download file"), _("Downloaded a file of the request")),
    (EXPORT, _("Export listing"), _("Exported in a listing of requests")),
    (RECORD_EXPORT, _("Export record"), _("Exported the request as a record")),
    (PURGE, _("Erase personal data"), _("Erased the request's personal data")),
    (ERASURE, _("Approve erasure"), _("Approved the enterprise's request to erase its data")),
]


def register(actions):
    """For the ``register_log_actions`` hook."""
    for action, label, message in ACTIONS:
        actions.register_action(action, label, message)


def log_access(service_request, action, user, **data):
    log(instance=service_request, action=action, user=user, data=data)


def log_export(requests, user, export_format):
    """One log entry per exported request, written in bulk (an export may hold thousands)."""
    content_type = ContentType.objects.get_for_model(requests.model)
    now = timezone.now()
    rows = (
        ModelLogEntry(
            content_type=content_type,
            object_id=str(pk),
            label=reference,
            action=EXPORT,
            user=user,
            timestamp=now,
            data={"format": export_format},
        )
        for pk, reference in requests.prefetch_related(None)
        .values_list("pk", "reference")
        .iterator(chunk_size=2000)
    )
    created = ModelLogEntry.objects.bulk_create(rows, batch_size=1000)
    return len(created)
