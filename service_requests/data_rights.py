"""The enterprise's data rights from "my requests" (PIPL Art. 44–47; DESIGN.md §12): a download
of everything held about its requests, and erasure decided by a coordinator."""

import io
import json
import posixpath
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from service_requests import access_log, records, secret_messages
from service_requests.choices import FINAL_STATES, ActorKind, DeliveryKind, RequestState
from service_requests.models import ErasureRequest, ErasureStatus, RequestFile
from service_requests.my_requests import requests_for
from service_requests.services.states import transition
from service_requests.storage import private_storage

REQUEST_FIELDS = (
    "reference", "state", "language", "intake_channel", "enterprise_name", "uscc", "scale",
    "industry", "city", "address", "description", "timeframe", "preferred_channel",
    "contact_name", "contact_phone", "contact_email", "preferred_contact", "submitted_at",
    "first_response_due", "resolution_due", "resolved_at", "closed_at",
)  # fmt: skip
ENTERPRISE_FILE_SOURCES = ("request_form", "tracking_page")


def export_zip(contact):
    """The ZIP of every request made with ``contact``: ``requests.json`` (answers, consents with
    their notice versions, the public timeline) and ``files/<reference>/`` the files the
    enterprise sent. Returns ``(bytes, requests)``."""
    service_requests = list(requests_for(contact).prefetch_related("elements", "events"))
    files = RequestFile.objects.filter(
        request__in=service_requests, source__in=ENTERPRISE_FILE_SOURCES
    ).select_related("request")
    data = []
    for service_request in service_requests:
        row = {name: getattr(service_request, name) for name in REQUEST_FIELDS}
        row["elements"] = [element.code for element in service_request.elements.all()]
        row["consents"] = {
            "privacy_notice": {
                "given_at": service_request.privacy_consent_at,
                "notice_version": service_request.privacy_notice_version,
            },
            "share_with_providers": {
                "given": service_request.share_consent,
                "given_at": service_request.share_consent_at,
                "notice_version": service_request.share_consent_notice_version,
            },
        }
        row["events"] = [
            {
                "time": event.created_at,
                "kind": event.kind,
                "to_state": event.to_state,
                "note": event.note,
                "by": event.actor_kind,
            }
            for event in service_request.events.all()
            if event.is_public
        ]
        data.append(row)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "requests.json",
            json.dumps(
                {"contact": contact, "exported_at": timezone.now(), "requests": data},
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
                indent=2,
            ),
        )
        for request_file in files:
            name = posixpath.basename(request_file.original_name) or str(request_file.pk)
            with private_storage.open(request_file.file.name) as source:
                archive.writestr(
                    f"files/{request_file.request.reference}/{request_file.pk}-{name}",
                    source.read(),
                )
    return buffer.getvalue(), service_requests


def ask_erasure(contact, reason, language):
    """Queue an erasure request for the coordinators (one pending per contact)."""
    references = list(requests_for(contact).values_list("reference", flat=True))
    existing = ErasureRequest.objects.filter(contact=contact, status=ErasureStatus.PENDING).first()
    if existing is not None:
        existing.references = references
        existing.reason = reason or existing.reason
        existing.save(update_fields=["references", "reason"])
        return existing
    return ErasureRequest.objects.create(
        contact=contact, reason=reason, references=references, language=language
    )


def approve(erasure, user, now=None):
    """Erase the personal data of every request of the contact (open ones are withdrawn first),
    log it against the coordinator, and confirm to the enterprise by email."""
    now = now or timezone.now()
    with transaction.atomic():
        erasure = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
        if erasure.status != ErasureStatus.PENDING:
            return erasure
        erased = []
        for service_request in list(requests_for(erasure.contact)):
            if service_request.state not in FINAL_STATES | {RequestState.RESOLVED}:
                transition(
                    service_request,
                    RequestState.WITHDRAWN,
                    note="",
                    actor_kind=ActorKind.ENTERPRISE,
                    notify=False,
                    now=now,
                )
            access_log.log_access(service_request, access_log.ERASURE, user)
            records.erase_personal_data(service_request, now)
            erased.append(service_request.reference)
        erasure.status = ErasureStatus.APPROVED
        erasure.decided_at = now
        erasure.decided_by = user
        erasure.references = erased or erasure.references
        erasure.save()
        _confirm(erasure)
    return erasure


def refuse(erasure, user, reason, now=None):
    ErasureRequest.objects.filter(pk=erasure.pk, status=ErasureStatus.PENDING).update(
        status=ErasureStatus.REFUSED,
        decided_at=now or timezone.now(),
        decided_by=user,
        refusal_reason=reason,
    )


def _confirm(erasure):
    context = {"references": erasure.references}
    return secret_messages.queue(
        DeliveryKind.ERASURE_DONE, erasure.contact, erasure.language, context
    )
