"""A request sent from a prefilled form that a diagnosis run started counts as its conversion."""

import uuid

from django.utils import timezone

from diagnosis.models import DiagnosisSession
from service_requests.signals import request_submitted

ORIGIN_PREFIX = "diagnosis:"


def origin_of(run_key):
    return f"{ORIGIN_PREFIX}{run_key}"


def request_sent(sender, origin="", **kwargs):
    if not origin or not origin.startswith(ORIGIN_PREFIX):
        return
    try:
        key = uuid.UUID(origin.removeprefix(ORIGIN_PREFIX))
    except ValueError:
        return
    DiagnosisSession.objects.filter(key=key, converted_at__isnull=True).update(
        converted_at=timezone.now()
    )


def connect():
    request_submitted.connect(request_sent, dispatch_uid="diagnosis.request_sent")
