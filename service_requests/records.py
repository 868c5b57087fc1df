"""Records of finished requests (档案管理): one ZIP per closed request with its answers,
timeline, service plan, milestones, engagements, survey, delivery log and files, plus the sections
other apps add through ``signals.record_requested`` (improvement: callback, follow-up); requests
resolved and left unclosed are closed automatically; and the purge that erases personal data and
files once the retention period is over while the anonymous statistics stay (state, elements,
city, scale, industry, dates, survey score). Other apps erase their own personal text through
``signals.personal_data_erased``."""

import csv
import io
import json
import zipfile
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from service_requests import signals
from service_requests.access_log import PURGE, log_access
from service_requests.choices import FINAL_STATES, ActorKind, EventKind, RequestState
from service_requests.models import (
    DeliveryLog,
    Milestone,
    ProviderEngagement,
    RequestEvent,
    SatisfactionSurvey,
    ServicePlan,
    ServiceRequest,
)
from service_requests.services.states import transition
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


def _cell(instance, name):
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return "、".join(str(item) for item in getattr(instance, name).all())
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    value = getattr(instance, name)
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return timezone.localtime(value).isoformat()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return "、".join(str(item) for item in value)
    return str(value)


def csv_table(instances, names, model=None):
    """A CSV table (with a BOM, for spreadsheet programs) of ``instances``, one column per field
    name headed by its verbose name; ``model`` gives the headings when there are no rows."""
    instances = [instance for instance in instances if instance is not None]
    opts = (model or type(instances[0]))._meta if (model or instances) else None
    out = io.StringIO()
    writer = csv.writer(out)
    if opts is not None:
        writer.writerow([str(opts.get_field(name).verbose_name) for name in names])
    for instance in instances:
        writer.writerow([_cell(instance, name) for name in names])
    return "\ufeff" + out.getvalue()


def case_sections(service_request):
    """The case's own tables: service plan, milestones, engagements, survey and delivery log."""
    sr = service_request
    plan = getattr(sr, "plan", None)
    survey = getattr(sr, "survey", None)
    deliveries = sr.deliveries.order_by("created_at", "pk")
    return [
        (
            "plan.csv",
            csv_table([plan], ["text", "services", "providers", "updated_at"], ServicePlan),
        ),
        (
            "milestones.csv",
            csv_table(sr.milestones.all(), ["title", "due_date", "done"], Milestone),
        ),
        (
            "engagements.csv",
            csv_table(
                sr.engagements.select_related("provider"),
                ["provider", "role", "status", "outcome", "updated_at"],
                ProviderEngagement,
            ),
        ),
        (
            "survey.csv",
            csv_table(
                [survey], ["created_at", "responded_at", "score", "comment"], SatisfactionSurvey
            ),
        ),
        (
            "delivery_log.csv",
            csv_table(
                deliveries,
                ["created_at", "kind", "recipient", "status", "attempts", "sent_at", "message_id"],
                DeliveryLog,
            ),
        ),
    ]


def build_record(service_request):
    """The ZIP record of a finished request: ``answers.json``, ``timeline.csv``, the case's
    tables (``case_sections``), the sections of the apps that listen and ``files/``."""
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
        for name, text in case_sections(service_request):
            archive.writestr(name, text)
        for _receiver, sections in signals.record_requested.send(
            sender=ServiceRequest, service_request=service_request
        ):
            for name, text in sections or ():
                archive.writestr(name, text)
        for number, request_file in enumerate(service_request.files.all(), start=1):
            with private_storage.open(request_file.file.name) as handle:
                archive.writestr(f"files/{number:02d}-{request_file.original_name}", handle.read())
    return buffer.getvalue()


# --- closing -----------------------------------------------------------------------------------
def auto_close_days():
    return settings.REQUESTS_AUTO_CLOSE_DAYS


def close_resolved(now=None):
    """Close the requests resolved more than ``REQUESTS_AUTO_CLOSE_DAYS`` ago and left open (the
    scheduled job): each gets a state-change event by the system. Returns a result line."""
    now = now or timezone.now()
    days = auto_close_days()
    stale = ServiceRequest.objects.filter(
        state=RequestState.RESOLVED, resolved_at__lt=now - timedelta(days=days)
    ).order_by("resolved_at", "pk")
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Closed automatically %(days)s days after it was resolved.") % {"days": days}
    closed = 0
    for service_request in list(stale[:500]):
        transition(
            service_request, RequestState.CLOSED, note=note, public=False, notify=False, now=now
        )
        closed += 1
    return f"Closed {closed} request(s) resolved over {days} days ago."


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
        signals.personal_data_erased.send(sender=ServiceRequest, service_request=locked, now=now)
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
