"""Who works on engagements for a provider, and what happened to each engagement (DESIGN.md
§12): provider staff (机构人员) are members of their organisation; every step of an engagement
is an ``EngagementUpdate`` tied to its timeline event (result files hang off that event);
response targets per type of provider are rows of the request handling settings."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from directory.choices import ProviderType
from service_requests.models.staff import EngagementStatus, RequestSettings


def default_locale_providers():
    return {"locale__language_code": settings.LANGUAGE_CODE}


PROVIDER_STAFF_GROUP = "Provider staff"


def provider_staff_group():
    """The group of provider staff: into the admin, and the engagements of their provider."""
    group, created = Group.objects.get_or_create(name=PROVIDER_STAFF_GROUP)
    if created:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label__in=("wagtailadmin", "service_requests"),
                codename__in=("access_admin", "work_on_engagements"),
            )
        )
    return group


class ProviderMembership(models.Model):
    """A user working for a provider organisation: they see and answer its engagements only.
    Managed by coordinators in the admin."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="provider_memberships",
    )
    provider = models.ForeignKey(
        "directory.ProviderPage",
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        related_name="memberships",
        limit_choices_to=default_locale_providers,
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    panels = [FieldPanel("user"), FieldPanel("provider")]

    class Meta:
        verbose_name = _("provider staff member")
        verbose_name_plural = _("provider staff")
        ordering = ["provider__title", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="unique_provider_membership")
        ]
        permissions = [("work_on_engagements", _("Can answer the engagements of its provider"))]

    def __str__(self):
        return f"{self.user} · {self.provider}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.user.groups.add(provider_staff_group())


class EngagementUpdate(models.Model):
    """One step of an engagement as its provider and the lead inbox see it: the status it moved
    to (or stayed in, for a progress update), a note, an optional milestone."""

    engagement = models.ForeignKey(
        "service_requests.ProviderEngagement",
        verbose_name=_("provider engagement"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    event = models.OneToOneField(
        "service_requests.RequestEvent",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="engagement_update",
    )
    status = models.CharField(_("status"), max_length=12, choices=EngagementStatus.choices)
    note = models.TextField(_("note"), blank=True)
    milestone = models.CharField(_("milestone"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("engagement update")
        verbose_name_plural = _("engagement updates")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.engagement} · {self.get_status_display()}"


class EngagementResponseTarget(Orderable):
    """How many working days providers of one type have to answer a referral."""

    settings = ParentalKey(
        RequestSettings, on_delete=models.CASCADE, related_name="engagement_targets"
    )
    provider_type = models.CharField(
        _("type of provider"), max_length=30, choices=ProviderType.choices
    )
    response_days = models.PositiveSmallIntegerField(_("answer within (working days)"))

    panels = [FieldPanel("provider_type"), FieldPanel("response_days")]

    class Meta(Orderable.Meta):
        verbose_name = _("response target of a type of provider")
        verbose_name_plural = _("response targets of types of provider")
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "provider_type"], name="unique_engagement_target"
            )
        ]

    def __str__(self):
        return self.get_provider_type_display()
