"""A request form saved to finish later (save and return, DESIGN.md §12)."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_secret(secret):
    """One-time secrets are stored only as their SHA-256."""
    return hashlib.sha256(str(secret).encode()).hexdigest()


class RequestDraft(models.Model):
    """The answers of an unfinished request form, kept server-side so the enterprise can finish it
    on any device through a one-time link. The files it had uploaded are copied under
    ``drafts/<submission token>/`` of the private storage. Erased when it expires (housekeeping)
    or when the form is sent (in the submission's transaction)."""

    page = models.ForeignKey(
        "service_requests.ServiceRequestPage",
        verbose_name=_("request page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # The wizard's submission token: the draft and the request it becomes share it.
    submission_token = models.CharField(max_length=64, unique=True)
    step_data = models.JSONField(_("answers"), default=dict)
    current_step = models.CharField(_("current step"), max_length=20, blank=True)
    uploads = models.JSONField(_("files"), default=list)
    prefill = models.JSONField(default=dict, blank=True)
    contact = models.CharField(_("email or mobile phone"), max_length=254)
    privacy_notice_version = models.CharField(
        _("privacy notice version at saving"), max_length=20, blank=True
    )
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_used_at = models.DateTimeField(_("link used at"), null=True, blank=True)
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("saved request form")
        verbose_name_plural = _("saved request forms")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["contact", "expires_at"], name="sr_draft_contact_idx")]

    def __str__(self):
        return f"{self.contact} · {self.created_at:%Y-%m-%d %H:%M}"
