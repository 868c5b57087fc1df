"""Sending one message of the delivery log: render it in the recipient's language, send it,
record the outcome. Run by the background task ``tasks.send_delivery``, which queues the retry
when an attempt fails."""

import logging
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.models import Page

from service_requests import sla, sms
from service_requests.choices import DeliveryChannel, DeliveryKind, DeliveryStatus
from service_requests.models import DeliveryLog
from website.emails import build_email
from website.models import SiteSettings

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, … failed attempt; after the last one the message stays "failed" for
# staff to see (and resend).
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
ERROR_LENGTH = 2000


def localized_page_titles(pages, language):
    """Titles of ``pages`` in ``language`` where a live translation exists, else as stored."""
    pages = [page for page in pages if page is not None]
    translated = dict(
        Page.objects.live()
        .filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=language,
        )
        .values_list("translation_key", "title")
    )
    return [translated.get(page.translation_key, page.title) for page in pages]


# --- rendering ----------------------------------------------------------------------------------
def _site_settings(service_request):
    page = service_request.get_request_page()
    site = page.get_site() if page is not None else None
    return SiteSettings.for_site(site) if site is not None else None


def message_context(log):
    service_request = log.request
    context = {
        "delivery": log,
        "service_request": service_request,
        "event": log.event,
        "site_settings": _site_settings(service_request),
        "elements": service_request.localized_elements(log.language),
        "tracking_url": service_request.get_tracking_url(),
        "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/requests/",
        "request_admin_url": (
            f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/requests/{service_request.pk}/"
        ),
        "file_count": service_request.files.count(),
        "due": sla.due_date(service_request),
        "services": localized_page_titles(service_request.services.all(), log.language),
        "provider": (
            localized_page_titles([service_request.preferred_provider], log.language) or [""]
        )[0],
    }
    if log.kind == DeliveryKind.SURVEY:
        survey = getattr(service_request, "survey", None)
        context["survey_url"] = survey.get_url() if survey else ""
    if log.event is not None:
        context["event_files"] = list(log.event.files.all())
        update = getattr(log.event, "engagement_update", None)
        if update is not None:  # about an engagement: its provider's work list
            context["engagement"] = update.engagement
            context["engagement_admin_url"] = (
                f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/engagements/"
                f"{update.engagement_id}/"
            )
    return context


def new_message_id():
    return make_msgid(domain=settings.EMAIL_MESSAGE_ID_DOMAIN)


def build_message(log):
    """The email of a delivery-log entry, in the entry's language."""
    if log.body:  # rendered when queued (it carries a one-time secret)
        return EmailMessage(
            log.subject, log.body, to=[log.recipient], headers={"Message-ID": log.message_id}
        )
    with translation.override(log.language):
        context = message_context(log)
    return build_email(
        f"service_requests/email/{log.kind}",
        context,
        language=log.language,
        to=[log.recipient],
        headers={"X-QI-Reference": log.request.reference, "Message-ID": log.message_id},
    )


def build_sms(log):
    """The short message of a delivery-log entry, in the entry's language, with the reference
    and the link (tracking, or the survey's). A message rendered when queued (it carries a
    one-time secret: ``secret_messages``) is sent as stored, with the template parameters stored
    beside it."""
    if log.body:
        return sms.SmsMessage(
            to=log.recipient,
            text=log.body,
            kind=log.kind,
            params=log.params,
            language=log.language,
        )
    with translation.override(log.language):
        context = message_context(log)
        text = render_to_string(f"service_requests/sms/{log.kind}.txt", context)
    link = context.get("survey_url") or context["tracking_url"]
    return sms.SmsMessage(
        to=log.recipient,
        text=" ".join(text.split()),
        kind=log.kind,
        params=[log.request.reference, link],
        language=log.language,
    )


# --- sending ------------------------------------------------------------------------------------
def attempt_delivery(delivery_id, now=None):
    """Send one queued message. Safe to run twice: an attempt first claims the entry (its
    attempt count must not have moved, and its next attempt must be due), so a duplicate task
    does nothing. Returns what happened: ``sent``, ``failed``, ``gave_up`` or ``skipped``."""
    now = now or timezone.now()
    log = DeliveryLog.objects.select_related("request", "event").filter(pk=delivery_id).first()
    if log is None or log.status == DeliveryStatus.SENT:
        return "skipped"
    claimed = (
        DeliveryLog.objects.filter(pk=log.pk, attempts=log.attempts)
        .exclude(status=DeliveryStatus.SENT)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(attempts=F("attempts") + 1, last_attempt_at=now)
    )
    if not claimed:
        return "skipped"
    log.attempts += 1
    if not log.message_id:  # queued before Message-IDs were stored
        log.message_id = new_message_id()
        DeliveryLog.objects.filter(pk=log.pk, message_id="").update(message_id=log.message_id)
    try:
        message = build_sms(log) if log.channel == DeliveryChannel.SMS else build_message(log)
        message.send()
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
        retry_at = now + BACKOFF[log.attempts - 1] if log.attempts < MAX_ATTEMPTS else None
        DeliveryLog.objects.filter(pk=log.pk).update(
            status=DeliveryStatus.FAILED,
            last_error=f"{type(error).__name__}: {error}"[:ERROR_LENGTH],
            next_attempt_at=retry_at,
        )
        logger.warning(
            "Delivery %s (%s) failed on attempt %s: %s", log.pk, log.kind, log.attempts, error
        )
        return "gave_up" if retry_at is None else "failed"
    DeliveryLog.objects.filter(pk=log.pk).update(
        status=DeliveryStatus.SENT,
        sent_at=now,
        # A secret's SMS keeps the kind as its subject; its text is not kept once sent.
        subject=(log.subject if log.body else message.subject)[:255],
        next_attempt_at=None,
        body="",
        params=[],
    )
    return "sent"
