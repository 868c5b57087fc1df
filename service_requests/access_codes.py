"""One-time codes that open "my requests" (我的需求; DESIGN.md §12): no passwords.

A code is 6 digits, stored hashed, valid ``CODE_MINUTES`` minutes and ``MAX_ATTEMPTS`` tries, used
once. Sending is rate-limited per contact and per client address; what the visitor is told never
depends on whether the contact has requests (no enumeration)."""

import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from service_requests import secret_messages
from service_requests.choices import DeliveryKind
from service_requests.models import AccessCode
from service_requests.models.drafts import hash_secret
from website.ratelimit import count_hit

CODE_MINUTES = 10
MAX_ATTEMPTS = 5
# Codes sent to one contact per hour, whatever the client address.
CODES_PER_CONTACT = (5, 60 * 60)


def _hash(contact, code):
    return hash_secret(f"{settings.SECRET_KEY}:{contact}:{code}")


def contact_allowed(contact):
    """Count one code for ``contact``; whether it is still under its hourly limit."""
    uses, seconds = getattr(settings, "ACCESS_CODES_PER_CONTACT", CODES_PER_CONTACT)
    key = f"service_requests:rate:code-contact:{hash_secret(contact)[:32]}"
    return count_hit(key, seconds) <= uses


def issue(contact, language, now=None):
    """Create a code for ``contact`` and send it (by email or SMS).
    Earlier unused codes of the contact stop working."""
    now = now or timezone.now()
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        AccessCode.objects.filter(contact=contact, used_at__isnull=True).update(used_at=now)
        AccessCode.objects.create(
            contact=contact,
            code_hash=_hash(contact, code),
            created_at=now,
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
        context = {"code": code, "minutes": CODE_MINUTES}
        secret_messages.queue(DeliveryKind.ACCESS_CODE, contact, language, context, now=now)
    return code


def verify(contact, code, now=None):
    """Whether ``code`` is the live code of ``contact``; a right code is spent, a wrong one
    counts as a try (the code dies after ``MAX_ATTEMPTS``)."""
    now = now or timezone.now()
    live = (
        AccessCode.objects.filter(
            contact=contact, used_at__isnull=True, expires_at__gt=now, attempts__lt=MAX_ATTEMPTS
        )
        .order_by("-created_at")
        .first()
    )
    if live is None:
        return False
    code = "".join(ch for ch in str(code) if ch.isdigit())
    if not hmac.compare_digest(live.code_hash, _hash(contact, code)):
        AccessCode.objects.filter(pk=live.pk).update(attempts=F("attempts") + 1)
        return False
    return bool(AccessCode.objects.filter(pk=live.pk, used_at__isnull=True).update(used_at=now))


def purge(now=None):
    """Delete codes a day after they expired."""
    now = now or timezone.now()
    deleted, _ = AccessCode.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
    return f"{deleted} old access codes deleted."
