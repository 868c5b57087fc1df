"""The delivery log: every message sent about a request, with its attempts."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from service_requests import choices
from service_requests.models.requests import RequestEvent, ServiceRequest


class DeliveryLog(models.Model):
    """Every message sent about a request: queued in the same transaction as the change that
    causes it, sent by a background task, retried with backoff when sending fails. Staff see here
    whether the enterprise and the inbox were told."""

    # Blank for self-service messages sent before any request exists (a saved form's link).
    request = models.ForeignKey(
        ServiceRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.ForeignKey(
        RequestEvent,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=choices.DeliveryKind.choices)
    channel = models.CharField(
        _("channel"),
        max_length=5,
        choices=choices.DeliveryChannel.choices,
        default=choices.DeliveryChannel.EMAIL,
    )
    # An email address, or a mobile number for the SMS channel.
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=choices.DeliveryStatus.choices,
        default=choices.DeliveryStatus.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    # One Message-ID for every attempt: a message sent twice (a worker killed after the SMTP
    # server took it) is recognisable as the same one.
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    # A message rendered when queued (it carries a one-time link or code that is stored nowhere
    # else in clear): kept only until it is sent, then blanked.
    body = models.TextField(_("body"), blank=True)
    # The same message's SMS template parameters (carriers send approved templates, not our
    # text), in the template's order: blanked with the body.
    params = models.JSONField(_("template parameters"), default=list, blank=True)

    class Meta:
        verbose_name = _("delivery log entry")
        verbose_name_plural = _("delivery log")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="sr_delivery_due_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient} ({self.get_status_display()})"
