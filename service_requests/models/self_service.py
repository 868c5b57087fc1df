"""Self-service of enterprises without passwords: one-time codes to "my requests" (我的需求)."""

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
