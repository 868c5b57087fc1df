"""Runs of the scheduled jobs and the alerts sent about requests, each claimed once by a unique key.

A ``JobRun`` row is the claim of one period of one job: whichever scheduler inserts it first
(across hosts, processes and threads, the database's unique constraint decides) enqueues the
job; the others find the row and do nothing. An ``Alert`` row is the claim of one warning or
escalation: however often the job runs, the same key is never sent twice.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JobRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job run status", "Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", pgettext_lazy("job run status", "Failed")

    job = models.CharField(_("job"), max_length=60)
    period_start = models.DateTimeField(_("period"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    claimed_by = models.CharField(_("claimed by"), max_length=120, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-period_start", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "period_start"], name="ops_one_run_per_period")
        ]
        indexes = [models.Index(fields=["job", "-period_start"], name="ops_job_latest_idx")]

    def __str__(self):
        return f"{self.job} @ {self.period_start:%Y-%m-%d %H:%M} ({self.get_status_display()})"


class Alert(models.Model):
    """One warning or escalation about a request, sent once: ``key`` names what it is about
    (kind, request and the due date it concerns), so a moved due date may warn again."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due date tomorrow (to the assignee)")
        OVERDUE = "overdue", _("Due date passed (to the coordinators)")
        CALLBACK_DUE = "callback_due", _("Callback due (to the inbox)")

    key = models.CharField(_("key"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    request = models.ForeignKey(
        "service_requests.ServiceRequest",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    due = models.DateField(_("due date"))
    recipient = models.EmailField(_("recipient"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at"]

    def __str__(self):
        return self.key
