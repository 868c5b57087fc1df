"""What staff do on a request besides changing its state: assign it, set its priority, write
internal notes and replies to the enterprise, bring in other inboxes, keep the service plan
(provider engagements: ``engagements``). Each change is one transaction that records a timeline
event; replies are emailed through the delivery log (``notifications``). State changes stay in
``services``."""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from service_requests import notifications
from service_requests.choices import ActorKind, EventKind, Priority
from service_requests.models import RequestEvent, ServicePlan, ServiceRequest
from service_requests.permissions import visible_requests


class CaseworkError(ValueError):
    """A change staff may not make (e.g. assigning someone outside the request's inboxes)."""


class VersionConflict(CaseworkError):
    """The request changed after the form was shown (optimistic locking)."""


def claim_version(service_request, version):
    """Optimistic locking: move the request from ``version`` (the one a staff form was shown
    with) to the next, or raise ``VersionConflict`` naming the last change when someone saved in
    between. Inside a transaction the claimed row stays locked until it commits."""
    version = int(version) if str(version or "").isdigit() else -1
    claimed = ServiceRequest.objects.filter(pk=service_request.pk, version=version).update(
        version=F("version") + 1
    )
    if not claimed:
        last = service_request.events.select_related("actor").order_by("-created_at", "-pk")
        last = last.first()
        raise VersionConflict(
            _(
                "This request was changed (%(change)s by %(who)s at %(when)s) after you opened "
                "it. Nothing of yours was saved: check the request as it is now, then save again."
            )
            % {
                "change": last.get_kind_display() if last else "—",
                "who": _user_label(last.actor) if last and last.actor else _("someone else"),
                "when": formats.date_format(
                    timezone.localtime(last.created_at), "SHORT_DATETIME_FORMAT"
                )
                if last
                else "—",
            }
        )
    service_request.version = version + 1


def _event(service_request, kind, actor, note="", *, public=False, now=None):
    return RequestEvent.objects.create(
        request=service_request,
        created_at=now or timezone.now(),
        kind=kind,
        actor=actor,
        actor_kind=ActorKind.STAFF if actor else ActorKind.SYSTEM,
        note=note,
        is_public=public,
    )


def assignable_staff(service_request):
    """Active members of the inboxes involved in ``service_request``."""
    inboxes = Q(groups__inbox__service_requests=service_request)
    if service_request.lead_inbox_id:
        inboxes |= Q(groups__inbox=service_request.lead_inbox_id)
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(inboxes).distinct().order_by("username")


def _user_label(user):
    return (user.get_full_name() or user.get_username()) if user else _("nobody")


def assign(service_request, assignee, *, actor, now=None):
    """Assign ``service_request`` to ``assignee`` (a member of an involved inbox) or to nobody."""
    if (
        assignee is not None
        and not assignable_staff(service_request).filter(pk=assignee.pk).exists()
    ):
        raise CaseworkError(_("%(user)s is not in an inbox of this request.") % {"user": assignee})
    if service_request.assigned_to_id == (assignee.pk if assignee else None):
        return None
    with transaction.atomic():
        service_request.assigned_to = assignee
        service_request.save(update_fields=["assigned_to", "updated_at"])
        return _event(service_request, EventKind.ASSIGNED, actor, _user_label(assignee), now=now)


def set_priority(service_request, priority, *, actor, now=None):
    priority = Priority(priority)
    if service_request.priority == priority:
        return None
    with transaction.atomic():
        service_request.priority = priority
        service_request.save(update_fields=["priority", "updated_at"])
        return _event(
            service_request, EventKind.PRIORITY_CHANGED, actor, str(priority.label), now=now
        )


# ``@username`` (Django usernames: letters, digits and @ . + - _), not inside an email address.
MENTION = re.compile(r"(?<![\w.+-])@([\w.@+-]+)")


def mentioned_staff(service_request, text, *, actor=None):
    """Active colleagues named ``@username`` in ``text`` who may see ``service_request`` (the
    author and anyone else are left out)."""
    names = {name.rstrip(".") for name in MENTION.findall(text or "")}
    if not names:
        return []
    users = get_user_model().objects.filter(is_active=True, username__in=names)
    if actor is not None:
        users = users.exclude(pk=actor.pk)
    return [
        user
        for user in users.order_by("username")
        if visible_requests(user).filter(pk=service_request.pk).exists()
    ]


def add_note(service_request, text, *, actor, now=None):
    """An internal note: staff only, never shown to the enterprise. Colleagues mentioned as
    ``@username`` who may see the request are emailed (through the delivery log)."""
    text = (text or "").strip()
    if not text:
        raise CaseworkError(_("Write the note first."))
    with transaction.atomic():
        event = _event(service_request, EventKind.NOTE, actor, text, now=now)
        for user in mentioned_staff(service_request, text, actor=actor):
            notifications.queue_mention(service_request, event, user)
    return event


def reply(service_request, text, *, actor, now=None):
    """A reply to the enterprise: shown on its tracking page and emailed to its contact."""
    text = (text or "").strip()
    if not text:
        raise CaseworkError(_("Write the reply first."))
    with transaction.atomic():
        event = _event(service_request, EventKind.REPLY, actor, text, public=True, now=now)
        notifications.queue_reply(service_request, event)
    return event


def involve_inbox(service_request, inbox, *, actor, now=None):
    """Bring another inbox into the case: its staff see the request too (one case, not two)."""
    if service_request.inboxes.filter(pk=inbox.pk).exists():
        return None
    with transaction.atomic():
        service_request.inboxes.add(inbox)
        return _event(service_request, EventKind.ROUTED, actor, inbox.name, now=now)


def save_plan(service_request, *, text, services, providers, actor, now=None):
    with transaction.atomic():
        plan, _created = ServicePlan.objects.get_or_create(request=service_request)
        plan.text = (text or "").strip()
        plan.updated_by = actor
        plan.save()
        plan.services.set(services)
        plan.providers.set(providers)
        _event(service_request, EventKind.PLAN_UPDATED, actor, now=now)
    return plan
