"""The directory as Open Referral HSDS 3.0 objects, for ``export_directory`` and ``/api/hsds/``.

One object per provider (organization), service, provider address or station (location), plus the
links between them (service_at_location, contact, phone). The Chinese page is the record; its
English translation travels in ``x_translations.en``. Identifiers are the ``external_id`` a record
was imported with, or the page's translation key, so they are stable across exports and shared by
both languages. Sub-records get identifiers derived from their parent's, so an export is
byte-for-byte repeatable. See ``docs/directory-data-format.md``.
"""

from directory.hsds.export.common import default_locale_id, derived_id
from directory.hsds.export.organizations import (
    organization_contacts,
    organization_objects,
    provider_location_ids,
    provider_location_objects,
    provider_queryset,
)
from directory.hsds.export.services import service_objects, service_queryset, solution_objects
from directory.hsds.export.stations import (
    station_links,
    station_location_objects,
    station_queryset,
)

# The API views (``directory.api``) read single objects through these.
__all__ = [
    "default_locale_id",
    "derived_id",
    "export_directory",
    "organization_objects",
    "provider_location_ids",
    "provider_location_objects",
    "provider_queryset",
    "service_objects",
    "service_queryset",
    "station_location_objects",
    "station_queryset",
]


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
