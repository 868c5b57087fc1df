"""Records of finished requests (档案管理): one ZIP per closed request with its answers,
timeline and files, and the purge that erases personal data and files once the retention period
is over while the anonymous statistics stay (state, elements, city, scale, industry, dates,
survey score)."""

import csv
import io
import json
import zipfile
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from service_requests.access_log import PURGE, log_access
from service_requests.choices import FINAL_STATES, ActorKind, EventKind
from service_requests.models import RequestEvent, ServiceRequest
from service_requests.sla import request_settings
from service_requests.storage import private_storage

# Fields that identify the enterprise or its contact person, and what they become when erased.
PERSONAL_FIELDS = {
    "enterprise_name": "",
    "uscc": "",
    "address": "",
    "description": "",
    "contact_name": "",
    "contact_phone": "",
    "contact_email": "",
}


def answers(service_request):
    """The request's answers as ``(label, value)`` pairs, in the order of the form."""
    opts = ServiceRequest._meta

    def label(name):
        return str(opts.get_field(name).verbose_name)

    sr = service_request
    return [
        (label("reference"), sr.reference),
        (label("state"), sr.get_state_display()),
        (label("enterprise_name"), sr.enterprise_name),
        (label("uscc"), sr.uscc),
        (label("scale"), sr.get_scale_display()),
        (label("industry"), sr.get_industry_display()),
        (label("city"), sr.get_city_display()),
        (label("address"), sr.address),
        (label("elements"), "、".join(str(e) for e in sr.elements.all())),
        (label("description"), sr.description),
        (label("timeframe"), sr.get_timeframe_display()),
        (label("preferred_channel"), sr.get_preferred_channel_display()),
        (label("services"), "、".join(s.title for s in sr.services.all())),
        (label("preferred_provider"), sr.preferred_provider.title if sr.preferred_provider else ""),
        (label("contact_name"), sr.contact_name),
        (label("contact_phone"), sr.contact_phone),
        (label("contact_email"), sr.contact_email),
        (label("preferred_contact"), sr.get_preferred_contact_display()),
        (label("share_consent"), _("yes") if sr.share_consent else _("no")),
        (label("lead_inbox"), str(sr.lead_inbox or "")),
        (label("submitted_at"), timezone.localtime(sr.submitted_at).isoformat()),
        (label("first_response_due"), str(sr.first_response_due or "")),
        (label("resolution_due"), str(sr.resolution_due or "")),
    ]


def can_export_record(service_request):
    return service_request.state in FINAL_STATES and service_request.personal_data_erased_at is None


def build_record(service_request):
    """The ZIP record of a finished request: ``answers.json``, ``timeline.csv`` and ``files/``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "answers.json",
            json.dumps(dict(answers(service_request)), ensure_ascii=False, indent=2),
        )
        timeline = io.StringIO()
        writer = csv.writer(timeline)
        writer.writerow(
            [
                _("time"),
                _("kind"),
                _("actor"),
                _("to status"),
                _("shown to the enterprise"),
                _("note"),
            ]
        )
        for event in service_request.events.select_related("actor"):
            writer.writerow(
                [
                    timezone.localtime(event.created_at).isoformat(),
                    event.get_kind_display(),
                    event.actor.get_username() if event.actor else event.get_actor_kind_display(),
                    event.get_to_state_display() if event.to_state else "",
                    _("yes") if event.is_public else _("no"),
                    event.note,
                ]
            )
        archive.writestr("timeline.csv", "\ufeff" + timeline.getvalue())
        for number, request_file in enumerate(service_request.files.all(), start=1):
            with private_storage.open(request_file.file.name) as handle:
                archive.writestr(f"files/{number:02d}-{request_file.original_name}", handle.read())
    return buffer.getvalue()


# --- purge --------------------------------------------------------------------------------------
def expired_requests(retention_days, now=None):
    """Finished requests whose personal data is older than the retention period and not yet
    erased."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days)
    return ServiceRequest.objects.filter(
        state__in=FINAL_STATES, closed_at__lt=cutoff, personal_data_erased_at__isnull=True
    ).order_by("closed_at", "pk")


def purge_expired(now=None):
    """Erase the requests past the retention period of the request handling settings (the
    scheduled job); returns a line for the job's result."""
    retention_days = request_settings().retention_days
    count = 0
    for service_request in list(expired_requests(retention_days, now)):
        erase_personal_data(service_request, now)
        count += 1
    return f"Erased personal data of {count} request(s) finished over {retention_days} days ago."


def erase_personal_data(service_request, now=None):
    """Erase the personal data, notes and files of one request; keep what statistics need."""
    now = now or timezone.now()
    names = list(service_request.files.values_list("file", flat=True))
    with transaction.atomic():
        locked = ServiceRequest.objects.select_for_update().get(pk=service_request.pk)
        for name, blank in PERSONAL_FIELDS.items():
            setattr(locked, name, blank)
        locked.personal_data_erased_at = now
        locked.tracking_token = ""
        locked.save()
        locked.files.all().delete()
        locked.events.update(note="")
        locked.deliveries.all().delete()
        locked.milestones.all().delete()
        locked.engagements.update(outcome="")
        if hasattr(locked, "plan"):
            locked.plan.delete()
        if hasattr(locked, "survey"):
            locked.survey.comment = ""
            locked.survey.save(update_fields=["comment"])
        RequestEvent.objects.create(
            request=locked,
            created_at=now,
            kind=EventKind.PERSONAL_DATA_ERASED,
            actor_kind=ActorKind.SYSTEM,
        )
        log_access(locked, PURGE, None)

        def delete_files():
            for name in names:
                private_storage.delete(name)

        transaction.on_commit(delete_files)
    return locked
