"""Housekeeping of service requests: abandoned temporary uploads, lost notifications.

Run by ``manage.py requests_maintenance`` (cron, every few minutes) and, for uploads, by the task
``tasks.clean_stale_uploads``, queued at most every few hours after a submission.
"""

from service_requests import uploads

# A form left this long without finishing has been abandoned (``uploads.ABANDONED_AFTER``).
STALE_UPLOAD_AGE = uploads.ABANDONED_AFTER


def delete_stale_uploads(now=None):
    """Delete temporary uploads older than ``STALE_UPLOAD_AGE``; returns how many files."""
    return uploads.purge_abandoned(STALE_UPLOAD_AGE, now=now)
