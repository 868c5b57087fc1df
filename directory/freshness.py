"""Directory freshness: provider profiles carry the date their editor or platform staff last
confirmed them; profiles unverified for longer than ``PROVIDER_VERIFICATION_MONTHS`` (default
12) are stale; credentials ending within ``CREDENTIAL_REMINDER_DAYS`` are expiring.

``send_reminders()`` emails the provider's editors (the groups with edit rights on the
provider's own page) about both. It is safe to run daily or more often, on any number of hosts:
each reminder is recorded under a unique key (a stale profile once a calendar month while it
stays stale, an expiring credential once per end-of-validity date) in the same transaction that
sends it."""

import calendar
import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission

from directory.models import (
    FreshnessReminder,
    ProviderCredential,
    ProviderPage,
    ProviderVerification,
)
from website.emails import build_email, user_language

logger = logging.getLogger(__name__)

DEFAULT_VERIFICATION_MONTHS = 12
CREDENTIAL_REMINDER_DAYS = 60
VERIFY_LOG_ACTION = "directory.verify_provider"


def verification_months():
    return getattr(settings, "PROVIDER_VERIFICATION_MONTHS", DEFAULT_VERIFICATION_MONTHS)


def stale_cutoff(today=None, months=None):
    """Profiles last verified before this day are stale."""
    today = today or timezone.localdate()
    index = today.year * 12 + today.month - 1 - (months or verification_months())
    year, month = divmod(index, 12)
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return datetime.date(year, month + 1, day)


def verify(provider, user, now=None):
    """Record that ``user`` confirmed ``provider``'s profile (every language) as current."""
    now = now or timezone.now()
    with transaction.atomic():
        verification, _created = ProviderVerification.objects.update_or_create(
            translation_key=provider.translation_key,
            defaults={"verified_at": now, "verified_by": user},
        )
        log(instance=provider, action=VERIFY_LOG_ACTION, user=user)
    return verification


def verifications_for(pages):
    """``{translation_key: ProviderVerification}`` for ``pages``, in one query."""
    keys = {page.translation_key for page in pages}
    rows = ProviderVerification.objects.filter(translation_key__in=keys)
    return {row.translation_key: row for row in rows}


def verified_on(provider):
    row = ProviderVerification.objects.filter(translation_key=provider.translation_key).first()
    return timezone.localtime(row.verified_at).date() if row else None


def is_stale(verification, today=None):
    if verification is None:
        return True
    return timezone.localtime(verification.verified_at).date() < stale_cutoff(today)


def _default_language_providers():
    return ProviderPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)


def stale_providers(today=None):
    """Live providers (default language) unverified since the cutoff, oldest first."""
    cutoff = stale_cutoff(today)
    recent = ProviderVerification.objects.filter(
        translation_key=OuterRef("translation_key"),
        verified_at__date__gte=cutoff,
    )
    return _default_language_providers().exclude(Exists(recent)).order_by("title", "pk")


def expiring_credentials(today=None, days=CREDENTIAL_REMINDER_DAYS):
    """Credentials of live providers (default language) ending within ``days`` from today."""
    today = today or timezone.localdate()
    return (
        ProviderCredential.objects.filter(
            page__in=_default_language_providers(),
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=days),
        )
        .select_related("page")
        .order_by("valid_until", "pk")
    )


def provider_editors(provider):
    """Active users with an email whose groups may edit ``provider``'s own page (any language):
    its editors, not everyone who may edit the whole site."""
    grants = GroupPagePermission.objects.filter(
        group=OuterRef("groups"),
        page__translation_key=provider.translation_key,
        permission__codename="change_page",
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Exists(grants))
        .distinct()
        .order_by("username")
    )


def _remind(kind, item, period, provider, context, now):
    """Send one reminder to the provider's editors unless it was sent for ``period`` already.
    Returns whether it was sent."""
    editors = list(provider_editors(provider))
    if not editors:
        return False
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        **context,
        "provider": provider,
        "edit_url": base + reverse("wagtailadmin_pages:edit", args=[provider.pk]),
        "verify_url": base + reverse("directory_freshness:verify", args=[provider.pk]),
    }
    try:
        with transaction.atomic():
            FreshnessReminder.objects.create(
                kind=kind,
                item=item,
                period=period,
                provider_key=provider.translation_key,
                recipients=", ".join(user.email for user in editors),
                sent_at=now,
            )
            for user in editors:
                build_email(
                    f"directory/email/{kind}",
                    context,
                    language=user_language(user),
                    to=[user.email],
                ).send()
    except IntegrityError:
        return False  # sent for this period already (here or on another host)
    except Exception as error:  # noqa: BLE001 - rolled back; the next run tries again
        logger.warning("Freshness reminder %s %s failed: %s", kind, item, error)
        return False
    return True


def send_reminders(now=None):
    """Remind provider editors of stale profiles and of credentials ending within 60 days.
    Returns ``{"stale_profile": n, "expiring_credential": m}`` (reminders sent this run)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = {FreshnessReminder.Kind.STALE_PROFILE: 0, FreshnessReminder.Kind.EXPIRING_CREDENTIAL: 0}
    providers = list(stale_providers(today))
    known = verifications_for(providers)
    for provider in providers:
        verification = known.get(provider.translation_key)
        sent[FreshnessReminder.Kind.STALE_PROFILE] += _remind(
            FreshnessReminder.Kind.STALE_PROFILE,
            str(provider.translation_key),
            f"{today:%Y-%m}",
            provider,
            {
                "verified_on": timezone.localtime(verification.verified_at).date()
                if verification
                else None,
                "months": verification_months(),
            },
            now,
        )
    for credential in expiring_credentials(today):
        sent[FreshnessReminder.Kind.EXPIRING_CREDENTIAL] += _remind(
            FreshnessReminder.Kind.EXPIRING_CREDENTIAL,
            str(credential.translation_key),
            credential.valid_until.isoformat(),
            credential.page,
            {"credential": credential},
            now,
        )
    return {str(kind): count for kind, count in sent.items()}
