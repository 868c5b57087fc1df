"""HSDS locations of the stations, with their services (service_at_location), contacts and
phones."""

import uuid

from django.db.models import Prefetch

from directory.hsds.export.common import (
    NAMESPACE,
    address_object,
    decimal_value,
    default_locale_id,
    derived_id,
    drop_empty,
    localize,
    phone,
    record_id,
    translations_of,
)
from directory.models import ServicePage, StationPage


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
    translations = translations_of(StationPage, stations)
    objects = []
    for station in stations:
        location_id = record_id(station)
        data = drop_empty(
            {
                "id": location_id,
                "location_type": "physical",
                **{k: v for k, v in _station_texts(station).items() if k != "addresses"},
                "latitude": decimal_value(station.latitude),
                "longitude": decimal_value(station.longitude),
                "addresses": [
                    address_object(location_id, station.address, station.city, station.postal_code)
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
        localize(data, _station_texts, station, translations[station.translation_key])
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
                drop_empty(
                    {
                        "id": derived_id(location_id, "contact", 0),
                        "location_id": location_id,
                        "name": station.contact_name,
                        "email": station.email,
                    }
                )
            )
        if station.phone:
            phones.append(phone(location_id, "location_id", station.phone))
    return links, contacts, phones
