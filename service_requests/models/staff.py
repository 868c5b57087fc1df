"""What staff add to a request (DESIGN.md §6): the service plan (服务策划) with its milestones,
provider engagements (服务协同), and the per-element SLA targets and retention period of the
staff side (a site setting)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from service_requests.models.routing import default_locale_elements

DEFAULT_FIRST_RESPONSE_DAYS = 2
DEFAULT_RESOLUTION_DAYS = 20
DEFAULT_RETENTION_DAYS = 3 * 365
DEFAULT_ENGAGEMENT_RESPONSE_DAYS = 2


class ServicePlan(models.Model):
    """The plan of a request (服务策划): what will be done, with which services and providers."""

    request = models.OneToOneField(
        "service_requests.ServiceRequest",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="plan",
    )
    text = models.TextField(_("plan"), blank=True)
    services = models.ManyToManyField(
        "directory.ServicePage", verbose_name=_("services involved"), blank=True, related_name="+"
    )
    providers = models.ManyToManyField(
        "directory.ProviderPage",
        verbose_name=_("providers involved"),
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("service plan")
        verbose_name_plural = _("service plans")

    def __str__(self):
        return f"{self.request} · {self._meta.verbose_name}"


class Milestone(models.Model):
    """A dated step of a request's service plan."""

    request = models.ForeignKey(
        "service_requests.ServiceRequest",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"))
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.title


class EngagementRole(models.TextChoices):
    LEAD = "lead", _("Lead provider")
    PARTNER = "partner", _("Partner provider")


class EngagementStatus(models.TextChoices):
    """The engagement life cycle (DESIGN.md §12): referred → accepted / declined → in progress →
    delivered, or withdrawn by the lead inbox at any point before delivery."""

    REFERRED = "referred", _("Referred")
    ACCEPTED = "accepted", pgettext_lazy("engagement", "Accepted")
    DECLINED = "declined", pgettext_lazy("engagement", "Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ProviderEngagement(models.Model):
    """A provider working on a request (服务协同): one case, several providers, each answering
    its referral and delivering its part."""

    request = models.ForeignKey(
        "service_requests.ServiceRequest",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="engagements",
    )
    provider = models.ForeignKey(
        "directory.ProviderPage",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=EngagementRole.choices, default=EngagementRole.PARTNER
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EngagementStatus.choices,
        default=EngagementStatus.REFERRED,
    )
    note = models.TextField(_("referral note"), blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    outcome = models.TextField(_("outcome summary"), blank=True)
    referred_at = models.DateTimeField(_("referred at"), null=True, blank=True)
    respond_by = models.DateField(_("answer due"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    # Sent once each (``engagement_alerts``): the reminder before ``respond_by``, the
    # escalation to the coordinators after it.
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("provider engagement")
        verbose_name_plural = _("provider engagements")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "provider"], name="unique_engagement")
        ]
        indexes = [models.Index(fields=["provider", "status"], name="engagement_provider_status")]

    def __str__(self):
        return f"{self.request} · {self.provider} ({self.get_role_display()})"


@register_setting(icon="tasks")
class RequestSettings(ClusterableModel, BaseSiteSetting):
    """SLA targets in working days (default and per element) and how long the personal data of
    finished requests is kept."""

    first_response_days = models.PositiveSmallIntegerField(
        _("first response (working days)"), default=DEFAULT_FIRST_RESPONSE_DAYS
    )
    resolution_days = models.PositiveSmallIntegerField(
        _("resolution (working days)"), default=DEFAULT_RESOLUTION_DAYS
    )
    engagement_response_days = models.PositiveSmallIntegerField(
        _("providers answer a referral within (working days)"),
        default=DEFAULT_ENGAGEMENT_RESPONSE_DAYS,
    )
    retention_days = models.PositiveIntegerField(
        _("retention period (days)"),
        default=DEFAULT_RETENTION_DAYS,
        help_text=_(
            "Personal data and files of requests finished longer ago than this are erased by "
            "the purge_expired_requests command; anonymous statistics stay."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("first_response_days"), FieldPanel("resolution_days")],
            heading=_("Default SLA targets"),
        ),
        InlinePanel("element_targets", heading=_("SLA targets per element")),
        MultiFieldPanel(
            [
                FieldPanel("engagement_response_days"),
                InlinePanel("engagement_targets", heading=_("Per type of provider")),
            ],
            heading=_("Provider response target"),
        ),
        FieldPanel("retention_days"),
    ]

    class Meta:
        verbose_name = _("request handling settings")


class RequestSettingsElementTarget(Orderable):
    """SLA targets of one element; a request with several elements gets the strictest."""

    settings = ParentalKey(
        RequestSettings, on_delete=models.CASCADE, related_name="element_targets"
    )
    element = models.ForeignKey(
        "directory.Element",
        verbose_name=_("element"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=default_locale_elements,
    )
    first_response_days = models.PositiveSmallIntegerField(_("first response (working days)"))
    resolution_days = models.PositiveSmallIntegerField(_("resolution (working days)"))

    panels = [
        FieldPanel("element"),
        FieldPanel("first_response_days"),
        FieldPanel("resolution_days"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("SLA target of an element")
        verbose_name_plural = _("SLA targets of elements")
        constraints = [
            models.UniqueConstraint(fields=["settings", "element"], name="unique_element_target")
        ]

    def __str__(self):
        return str(self.element)
