"""Messages that carry a one-time secret — a saved form's link, a code to "my requests" — or that
go to a contact rather than to one request (the erasure confirmation), by email to an address and
by SMS to a mobile number (DESIGN.md §12).

They are rendered when queued, because the secret is stored nowhere in clear: the delivery log
keeps the text until it is sent, then blanks it (``delivery.attempt_delivery``); an SMS entry's
subject is the kind's label, never the text."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from service_requests.choices import DeliveryChannel, DeliveryKind
from service_requests.delivery import new_message_id
from service_requests.models import DeliveryLog
from service_requests.tasks import enqueue_delivery
from website.emails import build_email


def is_email(contact):
    """Whether ``contact`` (an email address or a mainland mobile number) is an address."""
    return "@" in contact


def queue(kind, contact, language, context, *, request=None, now=None):
    """Render the ``kind`` message for ``contact`` now and queue it; returns the log entry.
    Templates: ``service_requests/email/<kind>`` and ``service_requests/sms/<kind>.txt``."""
    now = now or timezone.now()
    if is_email(contact):
        message = build_email(
            f"service_requests/email/{kind}", context, language=language, to=[contact]
        )
        channel, subject, body = DeliveryChannel.EMAIL, message.subject, message.body
    else:
        with translation.override(language):
            text = render_to_string(f"service_requests/sms/{kind}.txt", context)
            subject = str(DeliveryKind(kind).label)
        channel, body = DeliveryChannel.SMS, " ".join(text.split())
    log = DeliveryLog.objects.create(
        kind=kind,
        channel=channel,
        request=request,
        recipient=contact,
        language=language,
        subject=subject[:255],
        body=body,
        next_attempt_at=now,
        message_id=new_message_id(),
    )
    transaction.on_commit(lambda: enqueue_delivery(log.pk), robust=True)
    return log
