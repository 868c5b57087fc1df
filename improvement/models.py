"""Models of continuous improvement (持续改进): quality targets, bad-rating callbacks, impact
follow-ups, the periodic effectiveness assessment with its improvement actions and the statistics
rows of the reports.

They were born in the ``service_requests`` app and keep its tables (``db_table``), so moving them
here lost no data (migration ``0001_initial`` only changed Django's state).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import RevisionMixin

from improvement.choices import ActionStatus, OutcomeAchieved
from service_requests.models.questionnaire import Questionnaire

__all__ = [
    "BadRatingCallback",
    "EffectivenessAssessment",
    "ImpactFollowUp",
    "ImprovementAction",
    "QualityTargets",
    "RequestStatistics",
]


@register_setting(icon="table")
class QualityTargets(BaseSiteSetting):
    """The targets of daily service-quality monitoring (自我评价和监测) and the impact follow-up
    delay. A figure within ``amber_margin`` of its target is amber, further off red."""

    first_response_sla_target = models.DecimalField(
        _("first response SLA hit rate target (%)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("95.0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    satisfaction_target = models.DecimalField(
        _("satisfaction average target (1–5)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("4.50"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    first_response_median_target = models.DecimalField(
        _("first response median target (working days)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(0)],
    )
    amber_margin = models.PositiveSmallIntegerField(
        _("amber margin (%)"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_("A figure worse than its target by at most this share is amber, not red."),
    )
    follow_up_months = models.PositiveSmallIntegerField(
        _("impact follow-up after (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_(
            "Months after resolution when the enterprise is asked what the service achieved."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("first_response_sla_target"),
                FieldPanel("satisfaction_target"),
                FieldPanel("first_response_median_target"),
                FieldPanel("amber_margin"),
            ],
            heading=_("Service-quality targets"),
        ),
        FieldPanel("follow_up_months"),
    ]

    class Meta:
        db_table = "service_requests_qualitytargets"
        verbose_name = _("quality targets")


class BadRatingCallback(models.Model):
    """A callback (差评回访) opened by a satisfaction score of 1 or 2: the lead inbox calls the
    enterprise back within 15 working days and records what it found and what it changes."""

    request = models.OneToOneField(
        "service_requests.ServiceRequest",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="bad_rating_callback",
    )
    inbox = models.ForeignKey(
        "service_requests.Inbox",
        verbose_name=_("assigned inbox"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bad_rating_callbacks",
    )
    score = models.PositiveSmallIntegerField(_("score"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    due = models.DateField(_("due"))
    contacted_at = models.DateTimeField(_("enterprise contacted at"), null=True, blank=True)
    cause = models.TextField(_("cause found"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("callback", "closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    improvement_action = models.ForeignKey(
        "improvement.ImprovementAction",
        verbose_name=_("improvement action it led to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="callbacks",
    )

    class Meta:
        db_table = "service_requests_badratingcallback"
        verbose_name = _("bad-rating callback")
        verbose_name_plural = _("bad-rating callbacks")
        ordering = ["closed_at", "due", "pk"]
        indexes = [models.Index(fields=["closed_at", "due"], name="sr_callback_open_due_idx")]

    def __str__(self):
        return f"{self.request} · {self.score}/5"

    @property
    def is_closed(self):
        return self.closed_at is not None

    def is_overdue(self, today=None):
        return not self.is_closed and self.due < (today or timezone.localdate())


class ImpactFollowUp(Questionnaire):
    """The one-time impact questionnaire (服务成效) sent some months after resolution. The row is
    created once per request (one-to-one) in the same transaction as its email's delivery-log
    entry, so nobody is asked twice however often the sending job runs."""

    request = models.OneToOneField(
        "service_requests.ServiceRequest",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="impact_follow_up",
    )
    achieved = models.CharField(
        _("outcome achieved"), max_length=10, choices=OutcomeAchieved.choices, blank=True
    )
    outcomes = models.JSONField(_("outcomes"), default=list, blank=True)
    value_estimate = models.DecimalField(
        _("cost saved or sales gained (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        db_table = "service_requests_impactfollowup"
        verbose_name = _("impact follow-up")
        verbose_name_plural = _("impact follow-ups")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return str(self.request)

    def get_url(self):
        with translation.override(self.request.language):
            path = reverse("impact_follow_up", args=[self.request.reference, self.token])
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


class EffectivenessAssessment(RevisionMixin, ClusterableModel):
    """The periodic assessment of overall effectiveness (整体服务效能评估): the figures of a
    period are computed live; what staff write (findings, improvement actions) is kept here with
    its revisions, so earlier versions of the narrative stay readable."""

    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    findings = models.TextField(
        _("findings"), blank=True, help_text=_("What the figures show: strengths and weaknesses.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("period_start"),
        FieldPanel("period_end"),
        FieldPanel("findings"),
        InlinePanel("actions", heading=_("Improvement actions"), label=_("improvement action")),
    ]

    class Meta:
        db_table = "service_requests_effectivenessassessment"
        verbose_name = _("effectiveness assessment")
        verbose_name_plural = _("effectiveness assessments")
        ordering = ["-period_end", "-pk"]

    def __str__(self):
        return self.title


class ImprovementAction(models.Model):
    """An improvement action of an assessment, tracked until done."""

    assessment = ParentalKey(
        EffectivenessAssessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    description = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=100)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="improvement_actions",
        help_text=_("Reminded by email a week before the due date."),
    )
    due = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_at = models.DateField(_("done on"), null=True, blank=True)
    # The due date the owner was last reminded of: one reminder per due date.
    reminded_for = models.DateField(_("reminded for due date"), null=True, editable=False)

    panels = [
        FieldPanel("description"),
        FieldPanel("owner"),
        FieldPanel("owner_user"),
        FieldPanel("due"),
        FieldPanel("status"),
        FieldPanel("done_at"),
    ]

    class Meta:
        db_table = "service_requests_improvementaction"
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["due", "pk"]

    def __str__(self):
        return self.description[:60]

    def is_overdue(self, today=None):
        return self.status != ActionStatus.DONE and self.due < (today or timezone.localdate())


class RequestStatistics(models.Model):
    """The anonymous figures of one request, in one narrow row, that the reports read instead of
    the requests themselves (``improvement/statistics.py`` keeps it in step with the request).

    Days are local calendar days. ``inbox_key``, ``element_key`` and ``provider_key`` hold the
    request's inboxes involved (ids), elements (codes) and engaged providers (page ids) between
    commas (",3,7,") so that visibility, filters and per-provider figures are conditions and
    groups on this one table. ``enterprise`` is a digest of the unified social credit code:
    enterprises can still be counted after the purge has erased the code itself."""

    request = models.OneToOneField(
        "service_requests.ServiceRequest",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="statistics",
    )
    submitted_on = models.DateField()
    state = models.CharField(max_length=24)
    lead_inbox = models.ForeignKey(
        "service_requests.Inbox",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    inbox_key = models.TextField(blank=True)
    element_key = models.TextField(blank=True)
    provider_key = models.TextField(blank=True)
    city = models.CharField(max_length=20)
    scale = models.CharField(max_length=10)
    enterprise = models.CharField(max_length=24, blank=True)
    first_response_due = models.DateField(null=True, blank=True)
    first_response_on = models.DateField(null=True, blank=True)
    resolution_due = models.DateField(null=True, blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    # Working days the resolution clock was paused (waiting for the enterprise): taken off the
    # resolution time.
    paused_days = models.PositiveIntegerField(default=0)
    survey_sent = models.BooleanField(default=False)
    survey_answered = models.BooleanField(default=False)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    # The request's ``updated_at`` when this row was written: the maintenance job rewrites rows
    # whose request changed without a signal (bulk updates).
    source_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "service_requests_requeststatistics"
        verbose_name = _("request statistics")
        verbose_name_plural = _("request statistics")
        indexes = [models.Index(fields=["submitted_on", "state"], name="sr_stats_submitted_idx")]

    def __str__(self):
        return f"{self.request_id} {self.submitted_on}"
