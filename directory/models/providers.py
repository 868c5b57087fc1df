"""Providers (服务机构): the technical institutions, their credentials and addresses.

A provider is a page so that its services can be its children: Wagtail's page permissions then give
a provider's own staff edit rights on their subtree and nothing else.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from directory.choices import CredentialStatus, ProviderType, Scheme
from directory.fields import ChoiceListField
from directory.models.base import DirectoryPage
from directory.models.elements import localize_elements
from website.choices import City
from website.fragment_cache import lazy_context
from website.index_pages import IndexPage
from website.models import BasePage
from website.uscc import validate_uscc

# A credential this close to its end date is flagged so enterprises can ask before relying on it.
EXPIRING_WITHIN_DAYS = 90


class ProviderIndexPage(IndexPage):
    """/providers/: every provider, filterable by element, city, type and credential scheme."""

    subpage_types = ["directory.ProviderPage"]

    class Meta:
        verbose_name = _("provider index page")
        verbose_name_plural = _("provider index pages")

    def listing_context(self, request):
        from directory.services import provider_listing

        return lazy_context(provider_listing, self, request)


class ProviderPage(DirectoryPage):
    """A provider's public profile. Credentials and addresses are inline lists edited on the page;
    ``service_regions`` lists the cities it serves beyond its own addresses."""

    provider_type = models.CharField(
        _("type of provider"),
        max_length=30,
        choices=ProviderType.choices,
        default=ProviderType.OTHER,
    )
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_uscc],
        help_text=_("The 18-character 统一社会信用代码 on the business licence."),
    )
    body = RichTextField(_("about the provider"), blank=True)
    logo = models.ForeignKey(
        "website.CustomImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact point"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    service_regions = ChoiceListField(
        _("service regions"),
        choices=City.choices,
        help_text=_("Cities the provider serves, including by visits, besides its own addresses."),
    )
    elements = ParentalManyToManyField(
        "directory.Element",
        verbose_name=_("elements covered"),
        blank=True,
        related_name="providers",
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("provider_type"),
                FieldPanel("short_name"),
                FieldPanel("uscc"),
                FieldPanel("summary"),
                FieldPanel("body"),
                FieldPanel("logo"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("elements", widget=forms.CheckboxSelectMultiple),
        InlinePanel("credentials", heading=_("Credentials"), label=_("credential")),
        InlinePanel("addresses", heading=_("Addresses"), label=_("address"), min_num=1),
        FieldPanel("service_regions"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("short_name", boost=2),
        index.AutocompleteField("short_name"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("provider_type"),
        index.FilterField("locale_id"),
        index.RelatedFields("credentials", [index.SearchField("number")]),
    ]
    parent_page_types = ["directory.ProviderIndexPage"]
    subpage_types = ["directory.ServicePage"]

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        localize_elements(self)
        return super().save(*args, **kwargs)

    @cached_property
    def address_list(self):
        return list(self.addresses.all())

    @cached_property
    def credential_list(self):
        return list(self.credentials.all())

    @cached_property
    def element_list(self):
        return list(self.elements.all())

    @cached_property
    def cities(self):
        """The cities of the provider's addresses, in the province's order, without repeats."""
        present = {address.city for address in self.address_list if address.city}
        return [city for city in City if city.value in present]

    @property
    def service_region_labels(self):
        return [City(code).label for code in self.service_regions if code in City.values]

    def get_context(self, request, *args, **kwargs):
        from directory.services import provider_profile

        context = super().get_context(request, *args, **kwargs)
        context.update(lazy_context(provider_profile, self))
        return context

    def get_structured_data(self, request=None):
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "@id": self.get_full_url(request) + "#organization",
            "name": self.title,
            "url": self.get_full_url(request),
            "description": self.summary,
            "inLanguage": self.locale.language_code,
        }
        if self.short_name:
            data["alternateName"] = self.short_name
        if self.uscc:
            data["taxID"] = self.uscc
        if self.website:
            data["sameAs"] = self.website
        if self.phone:
            data["telephone"] = self.phone
        if self.email:
            data["email"] = self.email
        addresses = [address.as_schema() for address in self.address_list]
        if addresses:
            data["address"] = [address["address"] for address in addresses]
            data["location"] = addresses
        credentials = [credential.as_schema() for credential in self.credential_list]
        if credentials:
            data["hasCredential"] = credentials
        elements = [element.name for element in self.element_list]
        if elements:
            data["knowsAbout"] = elements
        regions = [str(label) for label in self.service_region_labels]
        if regions:
            data["areaServed"] = [{"@type": "City", "name": name} for name in regions]
        return data


class ProviderCredential(TranslatableMixin, Orderable):
    """A CNAS accreditation, CMA qualification or CNCA approval. Expired credentials are kept and
    shown as expired: enterprises should see that a certificate lapsed, not wonder where it went."""

    page = ParentalKey(ProviderPage, on_delete=models.CASCADE, related_name="credentials")
    scheme = models.CharField(_("scheme"), max_length=10, choices=Scheme.choices)
    number = models.CharField(
        _("number"),
        max_length=60,
        help_text=_("e.g. L1234 for a CNAS laboratory, 201919123456 for CMA."),
    )
    scope = models.TextField(_("scope"), max_length=1000, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("scheme"), FieldPanel("number")]),
        FieldPanel("scope"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")

    def __str__(self):
        return self.display_number

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end of validity is before its start.")})

    @property
    def display_number(self):
        """The number as people quote it: "CNAS L1234", never "CNAS CNAS L1234"."""
        if self.scheme == Scheme.OTHER or self.number.upper().startswith(self.scheme):
            return self.number
        return f"{self.scheme} {self.number}"

    def get_status(self, today=None):
        today = today or timezone.localdate()
        if self.valid_from and self.valid_from > today:
            return CredentialStatus.NOT_YET_VALID
        if self.valid_until is None:
            return CredentialStatus.VALID
        if self.valid_until < today:
            return CredentialStatus.EXPIRED
        if self.valid_until <= today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS):
            return CredentialStatus.EXPIRING
        return CredentialStatus.VALID

    @property
    def status(self):
        return self.get_status()

    @property
    def is_expired(self):
        return self.status == CredentialStatus.EXPIRED

    def as_schema(self):
        data = {
            "@type": "EducationalOccupationalCredential",
            "name": self.display_number,
            "credentialCategory": self.get_scheme_display(),
        }
        if self.scope:
            data["description"] = self.scope
        if self.valid_from:
            data["dateCreated"] = self.valid_from.isoformat()
        if self.valid_until:
            data["expires"] = self.valid_until.isoformat()
        return data


class ProviderAddress(TranslatableMixin, Orderable):
    """Where the provider receives enterprises or samples. The city drives the directory's city
    filter; coordinates place the provider on the offline map."""

    page = ParentalKey(ProviderPage, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(
        _("label"), max_length=80, blank=True, help_text=_("e.g. Head office, Laboratory.")
    )
    city = models.CharField(
        _("city"),
        max_length=20,
        choices=City.choices,
        blank=True,
        help_text=_("Leave empty for an address outside Guangdong."),
    )
    street = models.CharField(
        _("street address"), max_length=250, help_text=_("District, street and building.")
    )
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("city")]),
        FieldPanel("street"),
        FieldRowPanel([FieldPanel("postal_code"), FieldPanel("latitude"), FieldPanel("longitude")]),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self):
        return self.full_address

    @property
    def full_address(self):
        city = self.get_city_display() if self.city else ""
        return " ".join(part for part in (str(city), self.street) if part)

    def as_schema(self):
        data = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.street,
                "addressRegion": "广东省" if self.city else "",
                "addressCountry": "CN",
            },
        }
        if self.label:
            data["name"] = self.label
        if self.city:
            data["address"]["addressLocality"] = str(self.get_city_display())
        if self.postal_code:
            data["address"]["postalCode"] = self.postal_code
        if self.latitude is not None and self.longitude is not None:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        return data
