"""The engagement life cycle (服务协同, DESIGN.md §12): the lead inbox refers a case to a
provider, the provider's staff accept or decline it within a response target in working days,
start, report progress and deliver an outcome with result files; the lead inbox may withdraw it
before delivery.

Every step is one transaction that moves the engagement along ``TRANSITIONS`` (anything else
raises ``EngagementError``), records a ``RequestEvent`` on the case timeline and an
``EngagementUpdate`` on the engagement, and queues the emails it causes (delivery log)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from service_requests import notifications, uploads
from service_requests.choices import ActorKind, DeliveryKind, EventKind, FileSource
from service_requests.models import (
    EngagementResponseTarget,
    EngagementRole,
    EngagementStatus,
    EngagementUpdate,
    ProviderEngagement,
    ProviderMembership,
    RequestEvent,
    RequestFile,
    RequestSettings,
)
from service_requests.services.files import private_name
from service_requests.storage import private_storage
from website.emails import user_language
from website.workdays import add_working_days

E = EngagementStatus

TRANSITIONS = {
    E.REFERRED: (E.ACCEPTED, E.DECLINED, E.WITHDRAWN),
    E.ACCEPTED: (E.IN_PROGRESS, E.DELIVERED, E.WITHDRAWN),
    E.IN_PROGRESS: (E.DELIVERED, E.WITHDRAWN),
    E.DECLINED: (E.REFERRED,),
    E.WITHDRAWN: (E.REFERRED,),
    E.DELIVERED: (),
}
# A provider is working on these: progress updates are possible.
WORKING = frozenset({E.ACCEPTED, E.IN_PROGRESS})
# Waiting for the provider's answer.
AWAITING_ANSWER = frozenset({E.REFERRED})


class EngagementError(ValueError):
    """A step the engagement cannot take in its present status (or without what it needs)."""


def allowed(engagement):
    return TRANSITIONS[EngagementStatus(engagement.status)]


# --- the response target ---------------------------------------------------------------------
def response_days(provider, settings=None):
    """Working days ``provider`` has to answer a referral: its type's target in the request
    handling settings, else their default (2)."""
    if settings is None:
        settings = RequestSettings.objects.filter(site__is_default_site=True).first()
    if settings is None:
        return RequestSettings().engagement_response_days
    per_type = EngagementResponseTarget.objects.filter(
        settings=settings, provider_type=provider.provider_type
    ).values_list("response_days", flat=True)
    return next(iter(per_type), settings.engagement_response_days)


def respond_by_for(provider, referred_on, settings=None):
    return add_working_days(referred_on, response_days(provider, settings))


# --- recipients ------------------------------------------------------------------------------
def provider_contacts(provider):
    """``(email, language)`` of the provider's staff and of the provider's own contact email,
    each address once."""
    found = {}
    members = ProviderMembership.objects.filter(
        provider__translation_key=provider.translation_key, user__is_active=True
    ).select_related("user")
    for membership in members.order_by("user__username"):
        user = membership.user
        if user.email:
            found.setdefault(user.email.lower(), (user.email, user_language(user)))
    if provider.email:
        found.setdefault(provider.email.lower(), (provider.email, "zh-hans"))
    return list(found.values())


# --- the steps -------------------------------------------------------------------------------
def _record(
    engagement, status, actor, note="", *, milestone="", provider_side=False, stay=False, now=None
):
    """Move ``engagement`` to ``status`` (checked; with ``stay`` it may also keep it) and record
    the step; returns the update."""
    if not (stay and status == engagement.status) and status not in allowed(engagement):
        raise EngagementError(
            _("A provider engagement cannot go from “%(old)s” to “%(new)s”.")
            % {"old": engagement.get_status_display(), "new": EngagementStatus(status).label}
        )
    engagement.status = status
    engagement.save()
    text = " · ".join(
        part
        for part in (
            engagement.provider.title,
            str(EngagementStatus(status).label),
            milestone,
            note,
        )
        if part
    )
    kind = ActorKind.PROVIDER if provider_side else ActorKind.STAFF
    event = RequestEvent.objects.create(
        request=engagement.request,
        created_at=now,
        kind=EventKind.ENGAGEMENT,
        actor=actor,
        actor_kind=kind if actor else ActorKind.SYSTEM,
        note=text,
    )
    return EngagementUpdate.objects.create(
        engagement=engagement,
        event=event,
        status=status,
        note=note,
        milestone=milestone,
        actor=actor,
        created_at=now,
    )


def refer(service_request, provider, *, by, note="", role=EngagementRole.PARTNER, now=None):
    """Refer ``service_request`` to ``provider`` (again, after a decline or withdrawal): the
    answer is due ``response_days`` working days after today; the provider's contacts are
    emailed. Returns the engagement."""
    now = now or timezone.now()
    with transaction.atomic():
        engagement = (
            ProviderEngagement.objects.select_for_update()
            .filter(request=service_request, provider=provider)
            .first()
        )
        if engagement is None:
            engagement = ProviderEngagement(request=service_request, provider=provider)
        elif E.REFERRED not in allowed(engagement):
            raise EngagementError(
                _("%(provider)s already works on this request.") % {"provider": provider.title}
            )
        engagement.role = role
        engagement.note = (note or "").strip()
        engagement.decline_reason = engagement.outcome = ""
        engagement.referred_at = now
        engagement.respond_by = respond_by_for(provider, timezone.localdate(now))
        engagement.responded_at = engagement.delivered_at = None
        engagement.reminded_at = engagement.escalated_at = None
        update = _record(engagement, E.REFERRED, by, engagement.note, stay=True, now=now)
        for email, language in provider_contacts(provider):
            notifications.queue(
                service_request, DeliveryKind.ENGAGEMENT_REFERRAL, email, language, update.event
            )
    return engagement


def _step(engagement, status, by, note="", *, milestone="", now=None, **options):
    """Lock the engagement, then take the step from its status as stored."""
    now = now or timezone.now()
    options.setdefault("provider_side", True)
    with transaction.atomic():
        locked = ProviderEngagement.objects.select_for_update().get(pk=engagement.pk)
        engagement.status = locked.status
        if engagement.status in AWAITING_ANSWER and status in (E.ACCEPTED, E.DECLINED):
            engagement.responded_at = now
        return _record(engagement, status, by, note, milestone=milestone, now=now, **options)


def accept(engagement, *, by, note="", now=None):
    return _step(engagement, E.ACCEPTED, by, (note or "").strip(), now=now)


def decline(engagement, reason, *, by, now=None):
    reason = (reason or "").strip()
    if not reason:
        raise EngagementError(_("Say why the referral is declined."))
    engagement.decline_reason = reason
    return _step(engagement, E.DECLINED, by, reason, now=now)


def start(engagement, *, by, note="", now=None):
    if engagement.status != E.ACCEPTED:
        raise EngagementError(_("Only an accepted engagement can start."))
    return _step(engagement, E.IN_PROGRESS, by, (note or "").strip(), now=now)


def update_progress(engagement, note, *, by, milestone="", now=None):
    """A progress report (and optionally a milestone reached); an accepted engagement starts."""
    note, milestone = (note or "").strip(), (milestone or "").strip()
    if not (note or milestone):
        raise EngagementError(_("Write the progress first."))
    if engagement.status not in WORKING:
        raise EngagementError(_("Progress is reported on accepted engagements only."))
    return _step(engagement, E.IN_PROGRESS, by, note, milestone=milestone, now=now, stay=True)


def deliver(engagement, outcome, files=(), *, by, now=None):
    """Hand over the outcome summary and result files (checked like the enterprise's uploads,
    kept in the private storage, linked to the delivery's event)."""
    outcome = (outcome or "").strip()
    if not outcome:
        raise EngagementError(_("Summarise the outcome first."))
    if engagement.status not in WORKING:
        raise EngagementError(_("Only an accepted engagement can be delivered."))
    files = uploads.check_files(list(files))
    now = now or timezone.now()
    stored = []
    try:
        with transaction.atomic():
            engagement.outcome = outcome
            engagement.delivered_at = now
            update = _step(engagement, E.DELIVERED, by, outcome, now=now)
            for uploaded in files:
                name = private_storage.save(private_name(uploaded.kind.extension, now), uploaded)
                stored.append(name)
                RequestFile.objects.create(
                    request=engagement.request,
                    event=update.event,
                    file=name,
                    original_name=uploaded.name[:255],
                    content_type=uploaded.kind.content_type,
                    size=uploaded.size,
                    source=FileSource.PROVIDER_RESULT,
                    uploaded_at=now,
                )
    except Exception:
        for name in stored:
            private_storage.delete(name)
        raise
    return update


def withdraw(engagement, *, by, note="", now=None):
    """The lead inbox takes the referral back (before delivery)."""
    return _step(engagement, E.WITHDRAWN, by, (note or "").strip(), now=now, provider_side=False)


def result_files(engagement):
    return RequestFile.objects.filter(
        request=engagement.request_id, event__engagement_update__engagement=engagement
    )


# --- reminders and escalations (the ``engagement_alerts`` job) ------------------------------
def _alert(engagement, field, note, recipients, kind, now):
    """Claim ``field`` (sent once: a conditional update), record the alert on the timeline and
    queue its emails. Returns whether this call sent it."""
    with transaction.atomic():
        claimed = ProviderEngagement.objects.filter(
            pk=engagement.pk, status=E.REFERRED, **{f"{field}__isnull": True}
        ).update(**{field: now})
        if not claimed:
            return False
        setattr(engagement, field, now)  # ``_record`` saves the engagement
        update = _record(engagement, E.REFERRED, None, note, stay=True, now=now)
        for email, language in recipients:
            notifications.queue(engagement.request, kind, email, language, update.event)
    return True


def remind(engagement, *, now=None):
    """One working day before the answer is due: remind the provider's contacts."""
    return _alert(
        engagement,
        "reminded_at",
        _("Reminder sent: answer due tomorrow."),
        provider_contacts(engagement.provider),
        DeliveryKind.ENGAGEMENT_REMINDER,
        now or timezone.now(),
    )


def escalate(engagement, coordinators, *, now=None):
    """The answer date passed: tell the coordinators (``coordinators``: users with an email)."""
    return _alert(
        engagement,
        "escalated_at",
        _("Not answered in time: escalated to the coordinators."),
        [(user.email, user_language(user)) for user in coordinators],
        DeliveryKind.ENGAGEMENT_ESCALATION,
        now or timezone.now(),
    )
