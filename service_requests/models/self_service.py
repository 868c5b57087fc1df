"""Self-service of enterprises without passwords: one-time codes to "my requests" (我的需求)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessCode(models.Model):
    """A 6-digit one-time code sent to an email or mobile number to prove control of it. Only its
    hash is stored; it expires after minutes and allows a few tries."""

    contact = models.CharField(_("email or mobile phone"), max_length=254, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.contact} · {self.created_at:%Y-%m-%d %H:%M}"


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved, personal data erased")
    REFUSED = "refused", _("Refused")


class ErasureRequest(models.Model):
    """An enterprise's request to erase the personal data of every request made with a contact
    (PIPL Art. 47), decided by a coordinator; approval runs the erasure of ``records``."""

    contact = models.CharField(_("email or mobile phone"), max_length=254)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    reason = models.TextField(_("reason given"), blank=True)
    references = models.JSONField(_("requests concerned"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.PENDING
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    refusal_reason = models.TextField(_("reason for refusing"), blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} · {', '.join(self.references) or '—'}"
