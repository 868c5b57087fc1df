"""What every part of the HSDS export shares: stable identifiers, dropping empty values, the
locale, and the ``x_translations`` of a record (only what a translation says differently)."""

import uuid
from collections import defaultdict
from contextvars import ContextVar

from django.conf import settings
from wagtail.models import Locale

from directory.geo import CITY_NAMES_ZH

NAMESPACE = uuid.UUID("6f1c3f5e-2b1a-4c8e-9a57-6a0f6c1d2e3b")
TRANSLATION_LANGUAGES = ("en",)
PROVINCE = "广东省"


# HSDS wants every id to be a UUID. The API (``directory.api``) sets this while it answers: a
# record imported with an id that is not a UUID is then published under its translation key,
# which ``find_page`` matches as well. Exports keep the ids records were imported with.
uuid_ids = ContextVar("uuid_ids", default=False)


def is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def record_id(page):
    if page.external_id and not (uuid_ids.get() and not is_uuid(page.external_id)):
        return page.external_id
    return str(page.translation_key)


def derived_id(parent_id, kind, position):
    return str(uuid.uuid5(NAMESPACE, f"{parent_id}/{kind}/{position}"))


def decimal_value(value):
    return float(value) if value is not None else None


def drop_empty(data):
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


def changed(source, translated):
    """The translated texts that say something the source does not: empty or identical texts are
    left out (an import falls back to the source for them), so exports are repeatable."""
    if isinstance(translated, dict):
        result = {}
        for key, value in translated.items():
            value = changed(source.get(key) if isinstance(source, dict) else None, value)
            if value not in ("", None, [], {}):
                result[key] = value
        return result
    if isinstance(translated, list):
        if not isinstance(source, list) or len(source) != len(translated):
            return translated
        items = [changed(a, b) for a, b in zip(source, translated, strict=True)]
        return items if any(items) else []
    return None if translated == source else translated


def default_locale_id():
    return Locale.objects.get(language_code=settings.LANGUAGE_CODE).pk


def translations_of(model, pages, prefetch=()):
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


def element_codes(page):
    return [element.code for element in page.elements.all()]


def localize(data, texts, page, translations):
    """Add to ``data`` what each translation of ``page`` says differently (``texts(page)`` are the
    texts a translation may change)."""
    localized = {}
    for language, translated in translations.items():
        different = changed(texts(page), texts(translated))
        if different:
            localized[language] = different
    if localized:
        data["x_translations"] = localized


def address_object(location_id, street, city, postal_code):
    return drop_empty(
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


def phone(owner, owner_key, number):
    """The HSDS phone of a provider (``owner_key`` "organization_id") or a station."""
    return {
        "id": derived_id(owner, "phone", 0),
        owner_key: owner,
        "number": number,
        "type": "voice",
    }
