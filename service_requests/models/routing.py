"""Inboxes and the routing rules that send requests to them (DESIGN.md §6)."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from website.choices import City


def default_locale_elements():
    """Rules point at the elements of the default language; they are matched by code, so a
    request in any language finds them."""
    return Q(locale__language_code=settings.LANGUAGE_CODE)


class Inbox(models.Model):
    """A team that handles requests (受理组), backed by a Django group whose members are its staff:
    the staff side shows a member the requests of the inboxes of their groups.

    Not a translatable snippet: one inbox receives requests in every language; its name has an
    English twin for the English tracking page and emails."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    group = models.OneToOneField(
        Group,
        verbose_name=_("staff group"),
        on_delete=models.PROTECT,
        related_name="inbox",
        help_text=_("Members of this group work on the inbox's requests."),
    )
    elements = models.ManyToManyField(
        "directory.Element",
        verbose_name=_("elements handled"),
        blank=True,
        related_name="inboxes",
        limit_choices_to=default_locale_elements,
    )
    notification_email = models.EmailField(
        _("notification email"),
        blank=True,
        help_text=_("New requests led by this inbox are announced to this address."),
    )
    is_fallback = models.BooleanField(
        _("fallback inbox"),
        default=False,
        help_text=_("Receives the requests that no routing rule matches."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("inbox")
        verbose_name_plural = _("inboxes")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.localized_name

    def save(self, *args, **kwargs):
        if self.group_id is None:
            self.group, _created = Group.objects.get_or_create(name=f"inbox:{self.code}")
        super().save(*args, **kwargs)

    @property
    def localized_name(self):
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class RoutingRule(models.Model):
    """Element (and optionally city) → inbox. A rule for the request's city beats a rule for any
    city; a request touching several elements is led by the inbox that matches most of them."""

    element = models.ForeignKey(
        "directory.Element",
        verbose_name=_("element"),
        on_delete=models.CASCADE,
        related_name="routing_rules",
        limit_choices_to=default_locale_elements,
    )
    city = models.CharField(
        _("city"),
        max_length=20,
        choices=City.choices,
        blank=True,
        help_text=_("Only requests from this city; leave empty for any city."),
    )
    inbox = models.ForeignKey(
        Inbox, verbose_name=_("inbox"), on_delete=models.CASCADE, related_name="routing_rules"
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["element__sort_order", "city"]
        constraints = [
            models.UniqueConstraint(fields=["element", "city"], name="unique_routing_rule")
        ]

    def __str__(self):
        where = self.get_city_display() if self.city else _("any city")
        return f"{self.element} · {where} → {self.inbox}"

    def clean(self):
        # Elements are translatable: one rule per element code, whichever language row was picked.
        if self.element_id is None:
            return
        clash = RoutingRule.objects.filter(element__code=self.element.code, city=self.city)
        if self.pk:
            clash = clash.exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(_("There is already a rule for this element and city."))
