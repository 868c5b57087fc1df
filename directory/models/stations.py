"""Stations (服务站点): offline one-stop service points, often inside an industrial park."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from directory import station_routes
from directory.models.base import DirectoryPage
from website.choices import City
from website.fragment_cache import lazy_context
from website.index_pages import IndexPage
from website.models import BasePage


class StationIndexPage(IndexPage):
    """/stations/: stations grouped by city, with an offline map."""

    subpage_types = ["directory.StationPage"]

    class Meta:
        verbose_name = _("station index page")
        verbose_name_plural = _("station index pages")

    def listing_context(self, request):
        from directory.services import station_listing

        return lazy_context(station_listing, self, request)


class StationPage(RoutablePageMixin, DirectoryPage):
    """A station and the services offered there; its providers are those services' providers, so
    the two lists can never disagree. ``poster/``, ``rate/`` and ``rate/thanks/`` are served by
    ``service_requests`` (``station_routes``)."""

    body = RichTextField(_("about the station"), blank=True)
    city = models.CharField(_("city"), max_length=20, choices=City.choices)
    address = models.CharField(
        _("address"), max_length=250, help_text=_("District, street, building.")
    )
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    park = models.CharField(
        _("industrial park or cluster"),
        max_length=120,
        blank=True,
        help_text=_("The park, cluster or town the station serves."),
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact point"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    services = ParentalManyToManyField(
        "directory.ServicePage",
        verbose_name=_("services available here"),
        blank=True,
        related_name="stations",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("city"), FieldPanel("postal_code")]),
                FieldPanel("address"),
                FieldPanel("park"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("opening_hours"),
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
            ],
            heading=_("Opening hours and contact"),
        ),
        FieldPanel("services", widget=forms.SelectMultiple(attrs={"size": 12})),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("park", boost=2),
        index.SearchField("address"),
        index.SearchField("body"),
        index.FilterField("city"),
        index.FilterField("locale_id"),
    ]
    parent_page_types = ["directory.StationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")

    def save(self, *args, **kwargs):
        from directory.services import localize_station_services

        localize_station_services(self)
        return super().save(*args, **kwargs)

    @path("poster/", name="poster")
    def poster_route(self, request):
        return station_routes.serve("poster", self, request)

    @path("rate/", name="rate")
    def rate_route(self, request):
        return station_routes.serve("rate", self, request)

    @path("rate/thanks/", name="rate_thanks")
    def rate_thanks_route(self, request):
        return station_routes.serve("rate_thanks", self, request)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    def get_context(self, request, *args, **kwargs):
        from directory.services import station_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(lazy_context(station_detail, self))
        return context

    def get_structured_data(self, request=None):
        url = self.get_full_url(request)
        data = {
            "@context": "https://schema.org",
            "@type": "GovernmentOffice",
            "@id": url + "#place",
            "name": self.title,
            "url": url,
            "description": self.summary,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.address,
                "addressLocality": str(self.get_city_display()),
                "addressRegion": "广东省",
                "addressCountry": "CN",
            },
        }
        if self.postal_code:
            data["address"]["postalCode"] = self.postal_code
        if self.has_coordinates:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        if self.opening_hours:
            data["openingHours"] = self.opening_hours
        if self.phone:
            data["telephone"] = self.phone
        if self.email:
            data["email"] = self.email
        if self.park:
            data["containedInPlace"] = {"@type": "Place", "name": self.park}
        return data
