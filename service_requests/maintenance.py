"""Housekeeping of service requests: abandoned temporary uploads, lost notifications.

Run by the scheduled jobs of ``operations.jobs`` (``manage.py run_scheduler``) and by hand with
``manage.py requests_maintenance``.
"""

from service_requests import signals, uploads

# A form left this long without finishing has been abandoned (``uploads.ABANDONED_AFTER``).
STALE_UPLOAD_AGE = uploads.ABANDONED_AFTER


def delete_stale_uploads(now=None):
    """Delete temporary uploads older than ``STALE_UPLOAD_AGE``; returns how many files."""
    return uploads.purge_abandoned(STALE_UPLOAD_AGE, now=now)


def run_housekeeping():
    """Announce ``maintenance_requested``: the apps that keep figures about requests
    (``improvement``: report rows of requests changed without a signal) do their share. Returns
    their report lines."""
    lines = [line for _receiver, line in signals.maintenance_requested.send(sender=None) if line]
    return " ".join(lines)
