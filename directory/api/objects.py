"""HSDS objects the API adds to the export's: the elements as a published taxonomy, attributes
linking services and organizations to its terms, service_at_locations, nesting for ``full``
answers, and the English view (``?locale=en``) of any object."""

import uuid
from collections import defaultdict

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from directory.hsds import export as hsds
from directory.hsds.export.common import NAMESPACE, record_id
from directory.models import Element, StationPage

TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy/qi-elements"))
TAXONOMY_NAME = _("Quality infrastructure elements")
TAXONOMY_DESCRIPTION = _(
    "The seven elements of quality infrastructure services: metrology, standards, "
    "certification and accreditation, inspection and testing, quality management, "
    "intellectual property and brand."
)
LANGUAGE_TAGS = {"zh-hans": "zh-Hans", "en": "en"}


def term_id(code):
    return str(uuid.uuid5(NAMESPACE, f"taxonomy_term/{code}"))


def link_id(service_id, location_id):
    return str(uuid.uuid5(NAMESPACE, f"{service_id}@{location_id}"))


def taxonomy_object():
    data = {"id": TAXONOMY_ID, "version": "1"}
    for language in ("zh-hans", "en"):
        with override(language):
            texts = {"name": str(TAXONOMY_NAME), "description": str(TAXONOMY_DESCRIPTION)}
        if language == "zh-hans":
            data.update(texts)
        else:
            data["x_translations"] = {"en": texts}
    return data


def term_objects():
    """``{code: term}`` for every element, in the order of the elements (one query)."""
    rows = defaultdict(dict)
    elements = Element.objects.filter(locale__language_code__in=LANGUAGE_TAGS).select_related(
        "locale"
    )
    for element in elements.order_by("sort_order", "code", "pk"):
        rows[element.translation_key][element.locale.language_code] = element
    terms = {}
    for by_language in rows.values():
        zh = by_language.get("zh-hans")
        if zh is None:
            continue
        term = {
            "id": term_id(zh.code),
            "code": zh.code,
            "name": zh.name,
            "description": zh.summary or zh.name,
            "taxonomy": str(TAXONOMY_NAME),
            "taxonomy_id": TAXONOMY_ID,
            "language": LANGUAGE_TAGS["zh-hans"],
        }
        if en := by_language.get("en"):
            term["x_translations"] = {
                "en": {"name": en.name, "description": en.summary or en.name, "language": "en"}
            }
        terms[zh.code] = term
    return terms


def attributes(owner_id, entity, codes, terms):
    """The attributes tagging a service or organization with the terms of its elements."""
    return [
        {
            "id": str(uuid.uuid5(NAMESPACE, f"{owner_id}/attribute/{code}")),
            "link_id": owner_id,
            "link_type": "element",
            "link_entity": entity,
            "taxonomy_term_id": terms[code]["id"],
            "value": code,
            "taxonomy_term": terms[code],
        }
        for code in codes
        if code in terms
    ]


ADDRESS_DEFAULTS = {"country": "CN", "address_type": "physical"}
ADDRESS_FIELDS = ("address_1", "city", "state_province", "postal_code", "country", "address_type")


def completed(data):
    """``data`` with the address fields HSDS requires that a record leaves out (an address
    outside Guangdong has no city of its own, many have no postal code) as empty texts."""
    if isinstance(data, list):
        for item in data:
            completed(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key == "addresses" and isinstance(value, list):
                for address in value:
                    for field in ADDRESS_FIELDS:
                        address.setdefault(field, ADDRESS_DEFAULTS.get(field, ""))
            completed(value)
    return data


def _overlay(data, translated):
    if isinstance(data, dict) and isinstance(translated, dict):
        for key, value in translated.items():
            data[key] = _overlay(data.get(key), value)
        return data
    if isinstance(data, list) and isinstance(translated, list):
        return [
            _overlay(item, translated[i]) if i < len(translated) else item
            for i, item in enumerate(data)
        ] + translated[len(data) :]
    return translated


def in_language(data, language):
    """``data`` as shown in ``language``: for English the ``x_translations.en`` texts replace the
    Chinese ones (a text without translation stays Chinese), nested objects included."""
    if language != "en":
        return data
    if isinstance(data, list):
        return [in_language(item, language) for item in data]
    if not isinstance(data, dict):
        return data
    result = {key: in_language(value, language) for key, value in data.items()}
    translations = result.pop("x_translations", None) or {}
    if "en" in translations:
        _overlay(result, translations["en"])
    return result


def service_objects(services, terms, full=False):
    """HSDS services with ``last_modified`` and their attributes; ``full`` nests the organization
    and the service_at_locations (with their station)."""
    objects = hsds.service_objects(services)
    for service, data in zip(services, objects, strict=True):
        if service.last_published_at:
            data["last_modified"] = service.last_published_at.isoformat()
        data["attributes"] = attributes(data["id"], "service", data.get("x_elements", []), terms)
    if not full or not services:
        return objects
    provider_ids = {service.provider_id for service in services if service.provider_id}
    providers = list(hsds.provider_queryset().filter(pk__in=provider_ids))
    organizations = dict(
        zip(
            [p.pk for p in providers],
            organization_objects(providers, terms),
            strict=True,
        )
    )
    links = station_links([service.pk for service in services])
    for service, data in zip(services, objects, strict=True):
        if service.provider_id in organizations:
            data["organization"] = organizations[service.provider_id]
        data["service_at_locations"] = [
            {"id": link_id(data["id"], location["id"]), "service_id": data["id"], **link}
            for link in links.get(service.pk, [])
            for location in [link["location"]]
        ]
    return objects


def station_objects(stations):
    """HSDS locations of ``stations`` with their contacts and phones nested."""
    objects = hsds.station_location_objects(stations)
    _links, contacts, phones = hsds.station_links(stations)
    for data in objects:
        data["contacts"] = [x for x in contacts if x["location_id"] == data["id"]]
        data["phones"] = [x for x in phones if x["location_id"] == data["id"]]
    return objects


def station_links(service_pks):
    """``{service pk: [{location_id, location}]}``: the live stations offering each service."""
    through = StationPage.services.through
    rows = list(
        through.objects.filter(
            servicepage_id__in=service_pks,
            stationpage__live=True,
        ).values_list("servicepage_id", "stationpage_id")
    )
    stations = list(hsds.station_queryset().filter(pk__in={station for _s, station in rows}))
    locations = dict(zip([s.pk for s in stations], station_objects(stations), strict=True))
    found = defaultdict(list)
    for service_pk, station_pk in rows:
        if station_pk in locations:
            location = locations[station_pk]
            found[service_pk].append({"location_id": location["id"], "location": location})
    return found


def organization_objects(providers, terms, full=False, services=None):
    """HSDS organizations with their attributes; ``full`` nests their addresses as locations,
    contacts, phones and ``services`` (``{provider pk: [service objects]}``)."""
    objects = hsds.organization_objects(providers)
    for data in objects:
        data.setdefault("description", data["name"])
        data["attributes"] = attributes(
            data["id"], "organization", data.get("x_elements", []), terms
        )
    if not full:
        return objects
    contacts, phones = hsds.organization_contacts(providers)
    locations = hsds.provider_location_objects(providers)
    for provider, data in zip(providers, objects, strict=True):
        data["locations"] = [x for x in locations if x.get("organization_id") == data["id"]]
        data["contacts"] = [x for x in contacts if x["organization_id"] == data["id"]]
        data["phones"] = [x for x in phones if x["organization_id"] == data["id"]]
        if services is not None:
            data["services"] = services.get(provider.pk, [])
    return objects


def services_by_provider(providers, terms, full=False):
    services = list(hsds.service_queryset().filter(provider__in=providers))
    found = defaultdict(list)
    for service, data in zip(services, service_objects(services, terms, full), strict=True):
        found[service.provider_id].append(data)
    return found


def link_objects(rows, terms):
    """service_at_locations for ``(service pk, station pk)`` rows, service and location nested."""
    services = {
        s.pk: s for s in hsds.service_queryset().filter(pk__in={service for service, _ in rows})
    }
    stations = {
        s.pk: s for s in hsds.station_queryset().filter(pk__in={station for _, station in rows})
    }
    service_data = dict(zip(services, service_objects(list(services.values()), terms), strict=True))
    location_data = dict(zip(stations, station_objects(list(stations.values())), strict=True))
    objects = []
    for service_pk, station_pk in rows:
        service, location = service_data[service_pk], location_data[station_pk]
        objects.append(
            {
                "id": link_id(service["id"], location["id"]),
                "service_id": service["id"],
                "location_id": location["id"],
                "service": service,
                "location": location,
            }
        )
    return objects


def link_rows(services):
    """``(service pk, station pk)`` of ``services`` (a queryset) offered at live stations, in
    station then service order."""
    through = StationPage.services.through
    return through.objects.filter(
        servicepage__in=services,
        stationpage__live=True,
        stationpage__locale_id=hsds.default_locale_id(),
    ).order_by("stationpage__path", "servicepage__path", "pk")


def find_link(link):
    """The ``(service pk, station pk)`` row of a service_at_location id, or None."""
    for row in link_rows(hsds.service_queryset()).select_related("servicepage", "stationpage"):
        if link_id(record_id(row.servicepage), record_id(row.stationpage)) == link:
            return row.servicepage_id, row.stationpage_id
    return None
