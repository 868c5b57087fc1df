"""HSDS organizations of the providers, their addresses as locations, contacts and phones."""

from django.db.models import Count, Prefetch

from directory.hsds.export.common import (
    address_object,
    changed,
    decimal_value,
    default_locale_id,
    derived_id,
    drop_empty,
    element_codes,
    localize,
    phone,
    record_id,
    translations_of,
)
from directory.models import Element, ProviderAddress, ProviderCredential, ProviderPage


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
    translations = translations_of(ProviderPage, providers, ["credentials", "addresses"])
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
            "x_elements": element_codes(provider),
            "x_credentials": [_credential(c) for c in provider.credentials.all()],
            "x_service_regions": list(provider.service_regions),
            "x_body": provider.body,
        }
        data = drop_empty(data)
        data.setdefault("x_credentials", [])
        data.setdefault("x_elements", [])
        localize(data, _organization_texts, provider, translations[provider.translation_key])
        objects.append(data)
    return objects


def _address_texts(address):
    return {"name": address.label, "addresses": [{"address_1": address.street}]}


def provider_location_objects(providers, keyed=False):
    """HSDS locations for the providers' addresses (each address is one location); with
    ``keyed``, ``(address pk, location)`` pairs."""
    translations = translations_of(ProviderPage, providers, ["addresses"])
    objects = []
    for provider in providers:
        organization_id = record_id(provider)
        english = {
            language: sorted(page.addresses.all(), key=lambda a: a.sort_order)
            for language, page in translations[provider.translation_key].items()
        }
        for position, address in enumerate(provider.addresses.all()):
            location_id = derived_id(organization_id, "location", position)
            data = drop_empty(
                {
                    "id": location_id,
                    "location_type": "physical",
                    "organization_id": organization_id,
                    "name": address.label,
                    "latitude": decimal_value(address.latitude),
                    "longitude": decimal_value(address.longitude),
                    "addresses": [
                        address_object(
                            location_id, address.street, address.city, address.postal_code
                        )
                    ],
                }
            )
            data["x_station"] = False
            localized = {}
            for language, addresses in english.items():
                if position < len(addresses):
                    texts = changed(_address_texts(address), _address_texts(addresses[position]))
                    if texts:
                        localized[language] = texts
            if localized:
                data["x_translations"] = localized
            objects.append((address.pk, data) if keyed else data)
    return objects


def provider_location_ids():
    """``(provider pk, HSDS id, number of addresses)`` of every live Chinese provider."""
    rows = (
        ProviderPage.objects.live()
        .filter(locale_id=default_locale_id())
        .annotate(address_count=Count("addresses"))
        .values_list("pk", "external_id", "translation_key", "address_count")
        .order_by("path")
    )
    return [
        (pk, record_id(ProviderPage(external_id=external_id, translation_key=key)), count)
        for pk, external_id, key, count in rows
    ]


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
            phones.append(phone(organization_id, "organization_id", provider.phone))
    return contacts, phones
