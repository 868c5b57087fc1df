"""Services (服务项目): one thing one provider offers, a child page of that provider."""

import re

from django import forms
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from directory.choices import Channel, FeeType
from directory.fields import ChoiceListField
from directory.models.base import DirectoryPage
from directory.models.elements import localize_elements
from directory.models.providers import ProviderPage
from website.fragment_cache import lazy_context
from website.models import BasePage

LINES_HELP = _("One per line.")


def split_lines(text):
    """Lines of a one-item-per-line field, without blanks or list numbering typed by editors."""
    lines = []
    for line in (text or "").splitlines():
        line = re.sub(r"^\s*(\d+[.、)）]|[-*•·])\s*", "", line).strip()
        if line:
            lines.append(line)
    return lines


class ServicePage(DirectoryPage):
    """A service under its provider's page, so page permissions on a provider's subtree cover its
    services. ``provider`` repeats the parent as a foreign key (kept in step on save and on move)
    so listings filter and show providers with joins instead of tree walks."""

    provider = models.ForeignKey(
        ProviderPage,
        verbose_name=_("provider"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="services",
    )
    elements = ParentalManyToManyField(
        "directory.Element", verbose_name=_("elements"), related_name="services"
    )
    what_you_get = models.TextField(_("what you get"), blank=True)
    eligibility = models.TextField(
        _("who may apply"), blank=True, help_text=_("Which enterprises can use the service.")
    )
    process = models.TextField(
        _("process steps"), blank=True, help_text=_("One step per line, in order.")
    )
    fee_type = models.CharField(
        _("fees"), max_length=10, choices=FeeType.choices, default=FeeType.FREE
    )
    fee_description = models.TextField(
        _("fee details"), blank=True, help_text=_("How charges are calculated, or why it is free.")
    )
    turnaround_days = models.PositiveSmallIntegerField(
        _("turnaround in working days"), null=True, blank=True
    )
    channels = ChoiceListField(
        _("channels"),
        choices=Channel.choices,
        blank=False,
        help_text=_("How enterprises can receive the service."),
    )
    materials = models.TextField(_("materials to bring"), blank=True, help_text=LINES_HELP)
    online_url = models.URLField(
        _("online application address"),
        blank=True,
        help_text=_("Where the service can be applied for online, if anywhere."),
    )
    featured = models.BooleanField(
        _("feature on the home page"), default=False, help_text=_("Also listed first.")
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("elements", widget=forms.CheckboxSelectMultiple),
        FieldPanel("summary"),
        FieldPanel("what_you_get"),
        FieldPanel("eligibility"),
        FieldPanel("process"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("fee_type"), FieldPanel("turnaround_days")]),
                FieldPanel("fee_description"),
            ],
            heading=_("Fees and time"),
        ),
        FieldPanel("channels"),
        FieldPanel("materials"),
        FieldPanel("online_url"),
    ]
    promote_panels = BasePage.promote_panels + [FieldPanel("featured")]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("what_you_get"),
        index.SearchField("eligibility"),
        index.SearchField("process"),
        index.SearchField("materials"),
        index.RelatedFields(
            "provider",
            [index.SearchField("title", boost=2), index.SearchField("short_name")],
        ),
        index.RelatedFields("elements", [index.SearchField("name")]),
        index.FilterField("locale_id"),
        index.FilterField("provider_id"),
        index.FilterField("fee_type"),
        index.FilterField("featured"),
    ]
    parent_page_types = ["directory.ProviderPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def save(self, *args, **kwargs):
        if self.path:
            self.provider = self.find_provider()
        localize_elements(self)
        return super().save(*args, **kwargs)

    def find_provider(self):
        parent_path = self.path[: -self.steplen]
        return ProviderPage.objects.filter(path=parent_path).first()

    def get_provider(self):
        """The provider offering the service: the parent page."""
        if self.provider_id:
            return self.provider
        return self.find_provider()

    @cached_property
    def element_list(self):
        return list(self.elements.all())

    @property
    def process_steps(self):
        return split_lines(self.process)

    @property
    def material_list(self):
        return split_lines(self.materials)

    @property
    def channel_labels(self):
        return [Channel(code).label for code in self.channels if code in Channel.values]

    @property
    def is_free(self):
        return self.fee_type == FeeType.FREE

    def get_context(self, request, *args, **kwargs):
        from directory.services import service_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(lazy_context(service_detail, self))
        return context

    def get_structured_data(self, request=None):
        url = self.get_full_url(request)
        data = {
            "@context": "https://schema.org",
            "@type": "GovernmentService",
            "@id": url + "#service",
            "name": self.title,
            "url": url,
            "description": self.summary,
            "inLanguage": self.locale.language_code,
            "serviceType": [element.name for element in self.element_list],
            "areaServed": {"@type": "AdministrativeArea", "name": "广东省"},
            "offers": {
                "@type": "Offer",
                "description": self.fee_description or str(self.get_fee_type_display()),
            },
            "availableChannel": [
                {"@type": "ServiceChannel", "name": str(label)} for label in self.channel_labels
            ],
        }
        if self.is_free:
            data["offers"].update({"price": 0, "priceCurrency": "CNY"})
        if self.online_url:
            data["availableChannel"].append(
                {"@type": "ServiceChannel", "serviceUrl": self.online_url}
            )
        provider = self.get_provider()
        if provider is not None:
            data["provider"] = {
                "@type": "Organization",
                "name": provider.title,
                "url": provider.get_full_url(request),
            }
            data["serviceOperator"] = data["provider"]
        if self.eligibility:
            data["audience"] = {"@type": "BusinessAudience", "description": self.eligibility}
        return data
