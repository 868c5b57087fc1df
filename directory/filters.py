"""Filters of the directory listings. Every filter is a GET parameter, so a filtered list is a URL
that can be shared and works without JavaScript; values within one filter are alternatives (OR),
different filters combine (AND). Unknown values are dropped, never an error page."""

import django_filters
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from directory.choices import Channel, FeeType, ProviderType, Scheme, ServiceSort
from directory.fields import contains_value
from directory.models import (
    Element,
    ProviderAddress,
    ProviderCredential,
    ProviderPage,
    ServicePage,
    StationPage,
)
from website.choices import City
from website.filters import checkbox_filter, has_element


def element_choices(locale_id):
    return [
        (element.code, element.name)
        for element in Element.objects.filter(locale_id=locale_id).only("code", "name")
    ]


def _any_of(field_name, values):
    query = Q()
    for value in values:
        query |= contains_value(field_name, value)
    return query


class _ElementCityFilterSet(django_filters.FilterSet):
    """Element and city, the first two filters of the service and provider listings. Element
    choices come from the database in the listing's language."""

    element = checkbox_filter(_("Element"), method="filter_element")
    city = checkbox_filter(_("City"), choices=City.choices, method="filter_city")

    def __init__(self, *args, locale_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["element"].extra["choices"] = element_choices(locale_id)


class ServiceFilterSet(_ElementCityFilterSet):
    channel = checkbox_filter(
        _("Channel"),
        choices=Channel.choices,
        method="filter_channel",
    )
    fee = checkbox_filter(
        _("Fees"),
        choices=FeeType.choices,
        field_name="fee_type",
    )
    provider_type = checkbox_filter(
        _("Type of provider"),
        choices=ProviderType.choices,
        field_name="provider__provider_type",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=ServiceSort.choices,
        method="sort_by",
        empty_label=None,
        null_label=None,
    )

    class Meta:
        model = ServicePage
        fields = []

    def filter_element(self, queryset, name, values):
        return queryset.filter(has_element(ServicePage, values))

    def filter_city(self, queryset, name, values):
        """Available in a city: the provider has an address there or serves it, or a station
        there offers the service."""
        at_address = ProviderAddress.objects.filter(
            page_id=OuterRef("provider_id"), city__in=values
        )
        at_station = StationPage.services.through.objects.filter(
            servicepage_id=OuterRef("pk"), stationpage__city__in=values, stationpage__live=True
        )
        return queryset.filter(
            Q(Exists(at_address))
            | Q(Exists(at_station))
            | _any_of("provider__service_regions", values)
        )

    def filter_channel(self, queryset, name, values):
        return queryset.filter(_any_of("channels", values))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SERVICE_ORDERINGS.get(value, SERVICE_ORDERINGS["recommended"]))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = self.sort_by(queryset, "sort", ServiceSort.RECOMMENDED)
        return queryset


SERVICE_ORDERINGS = {
    ServiceSort.RECOMMENDED: ("-featured", "path"),
    ServiceSort.TITLE: ("title", "pk"),
    ServiceSort.TURNAROUND: (F("turnaround_days").asc(nulls_last=True), "title", "pk"),
    ServiceSort.NEWEST: (F("first_published_at").desc(nulls_last=True), "pk"),
}


class ProviderFilterSet(_ElementCityFilterSet):
    provider_type = checkbox_filter(
        _("Type of provider"),
        choices=ProviderType.choices,
        field_name="provider_type",
    )
    scheme = checkbox_filter(
        _("Credential"),
        choices=Scheme.choices,
        method="filter_scheme",
    )

    class Meta:
        model = ProviderPage
        fields = []

    def filter_element(self, queryset, name, values):
        offered = ServicePage.elements.through.objects.filter(
            servicepage__provider_id=OuterRef("pk"),
            servicepage__live=True,
            element__code__in=values,
        )
        return queryset.filter(Q(has_element(ProviderPage, values)) | Q(Exists(offered)))

    def filter_city(self, queryset, name, values):
        at_address = ProviderAddress.objects.filter(page_id=OuterRef("pk"), city__in=values)
        return queryset.filter(Q(Exists(at_address)) | _any_of("service_regions", values))

    def filter_scheme(self, queryset, name, values):
        return queryset.filter(
            Exists(ProviderCredential.objects.filter(page_id=OuterRef("pk"), scheme__in=values))
        )


class StationFilterSet(django_filters.FilterSet):
    city = django_filters.ChoiceFilter(
        label=_("City"), choices=City.choices, empty_label=_("All cities")
    )

    class Meta:
        model = StationPage
        fields = []
