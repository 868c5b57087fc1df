"""Directory freshness: when a provider's profile was last confirmed as current, and which
freshness reminders were sent (one per item and period, however often the job runs)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderVerification(models.Model):
    """The last confirmation that a provider's profile is current, for every language of the
    profile (keyed by the page's translation key). Kept beside the page, not on it, so
    publishing an older draft never undoes a confirmation."""

    translation_key = models.UUIDField(_("provider"), unique=True)
    verified_at = models.DateTimeField(_("last verified at"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("provider verification")
        verbose_name_plural = _("provider verifications")

    def __str__(self):
        return f"{self.translation_key} · {self.verified_at:%Y-%m-%d}"


class FreshnessReminder(models.Model):
    """One reminder sent to a provider's editors: a stale profile (once a month while it stays
    stale) or an expiring credential (once per end-of-validity date). The unique key makes a
    second run, on this host or another, send nothing."""

    class Kind(models.TextChoices):
        STALE_PROFILE = "stale_profile", _("Profile not verified")
        EXPIRING_CREDENTIAL = "expiring_credential", _("Credential expiring")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    item = models.CharField(_("item"), max_length=64)
    period = models.CharField(_("period"), max_length=20)
    provider_key = models.UUIDField(_("provider"))
    recipients = models.TextField(_("recipients"), blank=True)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("freshness reminder")
        verbose_name_plural = _("freshness reminders")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "item", "period"], name="unique_freshness_reminder"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.item} · {self.period}"
