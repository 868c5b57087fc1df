"""Consents and the privacy notice they were given to (PIPL; DESIGN.md §12).

The notice is the request page's ``privacy_notice``; editors raise ``privacy_notice_version`` when
it changes in substance. Every consent stores the version the enterprise saw, so a consent given to
an earlier version can be asked for again.

The consent to share with providers is enforced (``provider_staff``): the lead inbox may ask for
it (``ask_for_consent`` emails the tracking link), the enterprise gives it on its tracking page
(``give_share_consent``); both are events on the timeline."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from service_requests import notifications
from service_requests.choices import ActorKind, DeliveryKind, EventKind
from service_requests.models import RequestEvent, ServiceRequest

DEFAULT_NOTICE_VERSION = "1"


class ConsentError(ValueError):
    """Nothing to ask for, or nobody to ask."""


def notice_version(page):
    """The current privacy-notice version of ``page`` (a ServiceRequestPage, any locale: the
    version is synchronised across translations)."""
    if page is None:
        return DEFAULT_NOTICE_VERSION
    return getattr(page, "privacy_notice_version", "") or DEFAULT_NOTICE_VERSION


def is_current(version, page):
    """Whether a consent given to ``version`` still covers the notice ``page`` shows now."""
    return bool(version) and version == notice_version(page)


def has_share_consent(service_request):
    """The enterprise consented to share with providers (to the notice it saw then)."""
    return bool(service_request.share_consent)


def ask_for_consent(service_request, *, by, now=None):
    """Send the enterprise its tracking link with the request to share (by email, or by SMS
    when it gave only a mobile number); a public event."""
    if service_request.share_consent:
        raise ConsentError(_("The enterprise already consented to share."))
    contact = service_request.contact_email or service_request.contact_phone
    if service_request.personal_data_erased_at or not contact:
        raise ConsentError(_("The enterprise gave no email address or mobile number to ask."))
    with transaction.atomic():
        event = RequestEvent.objects.create(
            request=service_request,
            created_at=now or timezone.now(),
            kind=EventKind.CONSENT_REQUESTED,
            actor=by,
            actor_kind=ActorKind.STAFF,
            is_public=True,
        )
        notifications.queue_to_enterprise(service_request, DeliveryKind.CONSENT_REQUEST, event)
    return event


def give_share_consent(service_request, page, *, now=None):
    """The enterprise consents on its tracking page to the notice ``page`` shows; returns
    whether anything changed (a second consent records nothing)."""
    now = now or timezone.now()
    version = notice_version(page)
    with transaction.atomic():
        changed = ServiceRequest.objects.filter(pk=service_request.pk, share_consent=False).update(
            share_consent=True, share_consent_at=now, share_consent_notice_version=version
        )
        if not changed:
            return False
        RequestEvent.objects.create(
            request=service_request,
            created_at=now,
            kind=EventKind.CONSENT_GIVEN,
            actor_kind=ActorKind.ENTERPRISE,
            note=_("Privacy notice version %(version)s") % {"version": version},
            is_public=True,
        )
    service_request.share_consent = True
    service_request.share_consent_at = now
    service_request.share_consent_notice_version = version
    return True
