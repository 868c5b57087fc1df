"""The directory as Open Referral HSDS 3.0 objects, for ``export_directory`` and ``/api/hsds/``.

One object per provider (organization), service, provider address or station (location), plus the
links between them (service_at_location, contact, phone). The Chinese page is the record; its
English translation travels in ``x_translations.en``. Identifiers are the ``external_id`` a record
was imported with, or the page's translation key, so they are stable across exports and shared by
both languages. Sub-records get identifiers derived from their parent's, so an export is
byte-for-byte repeatable. See ``docs/directory-data-format.md``.
"""

import uuid
from collections import defaultdict

from django.conf import settings
from django.db.models import Prefetch

from directory.geo import CITY_NAMES_ZH
from directory.models import (
    Element,
    ProviderAddress,
    ProviderCredential,
    ProviderPage,
    ServicePage,
    SolutionPage,
    SolutionStep,
    StationPage,
)
from directory.models.services import split_lines

NAMESPACE = uuid.UUID("6f1c3f5e-2b1a-4c8e-9a57-6a0f6c1d2e3b")
TRANSLATION_LANGUAGES = ("en",)
PROVINCE = "广东省"


def record_id(page):
    return page.external_id or str(page.translation_key)


def derived_id(parent_id, kind, position):
    return str(uuid.uuid5(NAMESPACE, f"{parent_id}/{kind}/{position}"))


def _decimal(value):
    return float(value) if value is not None else None


def _drop_empty(data):
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


def _changed(source, translated):
    """The translated texts that say something the source does not: empty or identical texts are
    left out (an import falls back to the source for them), so exports are repeatable."""
    if isinstance(translated, dict):
        result = {}
        for key, value in translated.items():
            value = _changed(source.get(key) if isinstance(source, dict) else None, value)
            if value not in ("", None, [], {}):
                result[key] = value
        return result
    if isinstance(translated, list):
        if not isinstance(source, list) or len(source) != len(translated):
            return translated
        items = [_changed(a, b) for a, b in zip(source, translated, strict=True)]
        return items if any(items) else []
    return None if translated == source else translated


def default_locale_id():
    from wagtail.models import Locale

    return Locale.objects.get(language_code=settings.LANGUAGE_CODE).pk


def _translations(model, pages, prefetch=()):
    """``{translation_key: {language: page}}`` for the translations of ``pages`` (one query per
    prefetch plus one)."""
    keys = [page.translation_key for page in pages]
    found = defaultdict(dict)
    if not keys:
        return found
    queryset = (
        model.objects.filter(
            translation_key__in=keys, locale__language_code__in=TRANSLATION_LANGUAGES
        )
        .select_related("locale")
        .prefetch_related(*prefetch)
    )
    for page in queryset:
        found[page.translation_key][page.locale.language_code] = page
    return found


def _element_codes(page):
    return [element.code for element in page.elements.all()]


# --- Organizations -----------------------------------------------------------------------------


def provider_queryset(locale_id=None):
    return (
        ProviderPage.objects.live()
        .filter(locale_id=locale_id or default_locale_id())
        .prefetch_related(
            Prefetch("elements", queryset=Element.objects.order_by("sort_order", "code")),
            Prefetch("credentials", queryset=ProviderCredential.objects.order_by("sort_order")),
            Prefetch("addresses", queryset=ProviderAddress.objects.order_by("sort_order")),
        )
        .order_by("path")
    )


def _credential(credential):
    return {
        "scheme": credential.scheme,
        "number": credential.number,
        "scope": credential.scope,
        "valid_from": credential.valid_from.isoformat() if credential.valid_from else None,
        "valid_until": credential.valid_until.isoformat() if credential.valid_until else None,
    }


def _organization_texts(page):
    return {
        "name": page.title,
        "alternate_name": page.short_name,
        "description": page.summary,
        "x_body": page.body,
        "x_credentials": [
            {"scope": credential.scope}
            for credential in sorted(page.credentials.all(), key=lambda c: c.sort_order)
        ],
    }


def organization_objects(providers):
    """HSDS organizations for ``providers`` (Chinese pages with prefetched relations)."""
    translations = _translations(ProviderPage, providers, ["credentials", "addresses"])
    objects = []
    for provider in providers:
        data = {
            "id": record_id(provider),
            "name": provider.title,
            "alternate_name": provider.short_name,
            "description": provider.summary,
            "email": provider.email,
            "website": provider.website,
            "tax_id": provider.uscc,
            "x_provider_type": provider.provider_type,
            "x_elements": _element_codes(provider),
            "x_credentials": [_credential(c) for c in provider.credentials.all()],
            "x_service_regions": list(provider.service_regions),
            "x_body": provider.body,
        }
        data = _drop_empty(data)
        data.setdefault("x_credentials", [])
        data.setdefault("x_elements", [])
        localized = {}
        for language, page in translations[provider.translation_key].items():
            texts = _changed(_organization_texts(provider), _organization_texts(page))
            if texts:
                localized[language] = texts
        if localized:
            data["x_translations"] = localized
        objects.append(data)
    return objects


def _address(location_id, street, city, postal_code):
    return _drop_empty(
        {
            "id": derived_id(location_id, "address", 0),
            "location_id": location_id,
            "address_1": street,
            "city": CITY_NAMES_ZH.get(city, "") if city else "",
            "state_province": PROVINCE if city else "",
            "postal_code": postal_code,
            "country": "CN",
            "address_type": "physical",
        }
    )


def _address_texts(address):
    return {"name": address.label, "addresses": [{"address_1": address.street}]}


def provider_location_objects(providers, keyed=False):
    """HSDS locations for the providers' addresses (each address is one location); with
    ``keyed``, ``(address pk, location)`` pairs."""
    translations = _translations(ProviderPage, providers, ["addresses"])
    objects = []
    for provider in providers:
        organization_id = record_id(provider)
        english = {
            language: sorted(page.addresses.all(), key=lambda a: a.sort_order)
            for language, page in translations[provider.translation_key].items()
        }
        for position, address in enumerate(provider.addresses.all()):
            location_id = derived_id(organization_id, "location", position)
            data = _drop_empty(
                {
                    "id": location_id,
                    "location_type": "physical",
                    "organization_id": organization_id,
                    "name": address.label,
                    "latitude": _decimal(address.latitude),
                    "longitude": _decimal(address.longitude),
                    "addresses": [
                        _address(location_id, address.street, address.city, address.postal_code)
                    ],
                }
            )
            data["x_station"] = False
            localized = {}
            for language, addresses in english.items():
                if position < len(addresses):
                    texts = _changed(_address_texts(address), _address_texts(addresses[position]))
                    if texts:
                        localized[language] = texts
            if localized:
                data["x_translations"] = localized
            objects.append((address.pk, data) if keyed else data)
    return objects


def provider_location_ids():
    """``(provider pk, HSDS id, number of addresses)`` of every live Chinese provider."""
    from django.db.models import Count

    rows = (
        ProviderPage.objects.live()
        .filter(locale_id=default_locale_id())
        .annotate(address_count=Count("addresses"))
        .values_list("pk", "external_id", "translation_key", "address_count")
        .order_by("path")
    )
    return [(pk, external_id or str(key), count) for pk, external_id, key, count in rows]


def organization_contacts(providers):
    contacts, phones = [], []
    for provider in providers:
        organization_id = record_id(provider)
        if provider.contact_name:
            contacts.append(
                {
                    "id": derived_id(organization_id, "contact", 0),
                    "organization_id": organization_id,
                    "name": provider.contact_name,
                }
            )
        if provider.phone:
            phones.append(
                {
                    "id": derived_id(organization_id, "phone", 0),
                    "organization_id": organization_id,
                    "number": provider.phone,
                    "type": "voice",
                }
            )
    return contacts, phones


# --- Services ----------------------------------------------------------------------------------


def service_queryset(locale_id=None):
    return (
        ServicePage.objects.live()
        .filter(locale_id=locale_id or default_locale_id())
        .select_related("provider")
        .prefetch_related(
            Prefetch("elements", queryset=Element.objects.order_by("sort_order", "code"))
        )
        .order_by("path")
    )


def _service_texts(service):
    return {
        "name": service.title,
        "description": service.summary,
        "eligibility_description": service.eligibility,
        "application_process": "\n".join(service.process_steps),
        "fees_description": service.fee_description,
        "x_what_you_get": service.what_you_get,
        "required_documents": [
            {"document": document} for document in split_lines(service.materials)
        ],
    }


def service_objects(services):
    translations = _translations(ServicePage, services)
    objects = []
    for service in services:
        service_id = record_id(service)
        data = {
            "id": service_id,
            "organization_id": record_id(service.provider) if service.provider else None,
            **{k: v for k, v in _service_texts(service).items() if k != "required_documents"},
            "url": service.online_url,
            "status": "active",
            "required_documents": [
                {
                    "id": derived_id(service_id, "document", position),
                    "service_id": service_id,
                    "document": document,
                }
                for position, document in enumerate(split_lines(service.materials))
            ],
            "x_elements": _element_codes(service),
            "x_channels": list(service.channels),
            "x_fee": service.fee_type,
            "x_turnaround_days": service.turnaround_days,
            "x_featured": service.featured or None,
        }
        data = _drop_empty(data)
        data.setdefault("x_elements", [])
        localized = {}
        for language, page in translations[service.translation_key].items():
            texts = _changed(_service_texts(service), _service_texts(page))
            if texts:
                localized[language] = texts
        if localized:
            data["x_translations"] = localized
        objects.append(data)
    return objects


# --- Stations ----------------------------------------------------------------------------------


def station_queryset(locale_id=None):
    return (
        StationPage.objects.live()
        .filter(locale_id=locale_id or default_locale_id())
        .prefetch_related(Prefetch("services", queryset=ServicePage.objects.order_by("path")))
        .order_by("path")
    )


def _station_texts(station):
    return {
        "name": station.title,
        "description": station.summary,
        "x_park": station.park,
        "x_body": station.body,
        "x_opening_hours": station.opening_hours,
        "addresses": [{"address_1": station.address}],
    }


def station_location_objects(stations):
    translations = _translations(StationPage, stations)
    objects = []
    for station in stations:
        location_id = record_id(station)
        data = _drop_empty(
            {
                "id": location_id,
                "location_type": "physical",
                **{k: v for k, v in _station_texts(station).items() if k != "addresses"},
                "latitude": _decimal(station.latitude),
                "longitude": _decimal(station.longitude),
                "addresses": [
                    _address(location_id, station.address, station.city, station.postal_code)
                ],
                "schedules": [
                    {
                        "id": derived_id(location_id, "schedule", 0),
                        "location_id": location_id,
                        "description": station.opening_hours,
                    }
                ]
                if station.opening_hours
                else [],
            }
        )
        data["x_station"] = True
        localized = {}
        for language, page in translations[station.translation_key].items():
            texts = _changed(_station_texts(station), _station_texts(page))
            if texts:
                localized[language] = texts
        if localized:
            data["x_translations"] = localized
        objects.append(data)
    return objects


def station_links(stations):
    """service_at_locations, contacts and phones of the stations."""
    links, contacts, phones = [], [], []
    for station in stations:
        location_id = record_id(station)
        for service in station.services.all():
            service_id = record_id(service)
            links.append(
                {
                    "id": str(uuid.uuid5(NAMESPACE, f"{service_id}@{location_id}")),
                    "service_id": service_id,
                    "location_id": location_id,
                }
            )
        if station.contact_name or station.email:
            contacts.append(
                _drop_empty(
                    {
                        "id": derived_id(location_id, "contact", 0),
                        "location_id": location_id,
                        "name": station.contact_name,
                        "email": station.email,
                    }
                )
            )
        if station.phone:
            phones.append(
                {
                    "id": derived_id(location_id, "phone", 0),
                    "location_id": location_id,
                    "number": station.phone,
                    "type": "voice",
                }
            )
    return links, contacts, phones


# --- Solutions ---------------------------------------------------------------------------------


def _solution_texts(page):
    return {
        "name": page.title,
        "description": page.summary,
        "x_need": page.need,
        "x_body": page.body,
        "x_steps": [
            {"title": step.title, "description": step.explanation}
            for step in sorted(page.steps.all(), key=lambda s: s.sort_order)
        ],
    }


def solution_objects(locale_id=None):
    solutions = list(
        SolutionPage.objects.live()
        .filter(locale_id=locale_id or default_locale_id())
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=SolutionStep.objects.select_related("service").order_by("sort_order"),
            )
        )
        .order_by("path")
    )
    translations = _translations(SolutionPage, solutions, ["steps"])
    objects = []
    for solution in solutions:
        data = _drop_empty(
            {
                "id": record_id(solution),
                "name": solution.title,
                "description": solution.summary,
                "x_need": solution.need,
                "x_body": solution.body,
                "x_featured": solution.featured or None,
            }
        )
        data["x_steps"] = [
            _drop_empty(
                {
                    "service_id": record_id(step.service) if step.service else None,
                    "title": step.title,
                    "description": step.explanation,
                }
            )
            for step in solution.steps.all()
        ]
        localized = {}
        for language, page in translations[solution.translation_key].items():
            texts = _changed(_solution_texts(solution), _solution_texts(page))
            if texts:
                localized[language] = texts
        if localized:
            data["x_translations"] = localized
        objects.append(data)
    return objects


# --- The whole file ----------------------------------------------------------------------------


def export_directory():
    """The whole live directory as one HSDS document (a dict ready for ``json.dump``)."""
    providers = list(provider_queryset())
    services = list(service_queryset())
    stations = list(station_queryset())
    org_contacts, org_phones = organization_contacts(providers)
    links, station_contacts, station_phones = station_links(stations)
    return {
        "x_format": "qi-one-stop-hsds",
        "x_hsds_version": "3.0",
        "organizations": organization_objects(providers),
        "services": service_objects(services),
        "locations": provider_location_objects(providers) + station_location_objects(stations),
        "service_at_locations": links,
        "contacts": org_contacts + station_contacts,
        "phones": org_phones + station_phones,
        "x_solutions": solution_objects(),
    }
