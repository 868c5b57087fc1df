"""Messages that carry a one-time secret — a saved form's link, a code to "my requests" — or that
go to a contact rather than to one request (the erasure confirmation), by email to an address and
by SMS to a mobile number (DESIGN.md §12).

They are rendered when queued, because the secret is stored nowhere in clear: the delivery log
keeps the text until it is sent, then blanks it (``delivery.attempt_delivery``); an SMS entry's
subject is the kind's label, never the text."""

from django.template.loader import render_to_string
from django.utils import formats, translation

from service_requests import notifications
from service_requests.choices import DeliveryChannel, DeliveryKind
from website.emails import build_email

# The parameters of each kind's approved SMS template, in the order of its placeholders
# ({1}, {2}, …): a carrier sends the template registered for the kind, not the text we render.
SMS_TEMPLATE_PARAMS = {
    DeliveryKind.ACCESS_CODE: lambda context: [context["code"], context["minutes"]],
    DeliveryKind.DRAFT_LINK: lambda context: [
        formats.date_format(context["expires_at"], "SHORT_DATE_FORMAT")
        if context.get("expires_at")
        else "",
        context["url"],
    ],
    DeliveryKind.ERASURE_DONE: lambda context: [", ".join(context["references"])],
}


def is_email(contact):
    """Whether ``contact`` (an email address or a mainland mobile number) is an address."""
    return "@" in contact


def queue(kind, contact, language, context, *, request=None, now=None):
    """Render the ``kind`` message for ``contact`` now and queue it; returns the log entry.
    Templates: ``service_requests/email/<kind>`` and ``service_requests/sms/<kind>.txt``."""
    if is_email(contact):
        message = build_email(
            f"service_requests/email/{kind}", context, language=language, to=[contact]
        )
        channel, subject, body = DeliveryChannel.EMAIL, message.subject, message.body
        params = []
    else:
        with translation.override(language):
            text = render_to_string(f"service_requests/sms/{kind}.txt", context)
            subject = str(DeliveryKind(kind).label)
            params = [str(value) for value in SMS_TEMPLATE_PARAMS[kind](context)]
        channel, body = DeliveryChannel.SMS, " ".join(text.split())
    return notifications.queue(
        request,
        kind,
        contact,
        language,
        channel=channel,
        now=now,
        subject=subject[:255],
        body=body,
        params=params,
    )
