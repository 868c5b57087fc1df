"""Reading an HSDS 3.0 document: every record is turned into plain values (a ``Spec`` per page)
and checked, and every problem is collected with the collection, position, record id and field it
concerns. Nothing here writes to the database; ``directory.hsds.importer`` does that.
"""

import datetime
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Q

from directory.choices import Channel, FeeType, ProviderType, Scheme
from directory.geo import city_from_text
from directory.models import Element, ProviderPage, ServicePage
from directory.models.services import split_lines
from directory.validators import is_valid_uscc

COLLECTIONS = (
    "organizations",
    "services",
    "locations",
    "service_at_locations",
    "contacts",
    "phones",
    "x_solutions",
)
LANGUAGES = ("en",)
INACTIVE_STATUSES = {"inactive", "defunct", "temporarily closed"}
COORDINATE = Decimal("0.000001")
RICH_TEXT_TAGS = {"p", "br", "h3", "h4", "b", "strong", "i", "em", "ol", "ul", "li", "a", "hr"}


@dataclass
class RecordError:
    collection: str
    index: int | None
    record_id: str
    field: str
    message: str

    def __str__(self):
        where = self.collection if self.index is None else f"{self.collection}[{self.index}]"
        if self.record_id:
            where += f" (id={self.record_id})"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class HSDSImportError(Exception):
    """The file cannot be imported; ``errors`` lists every problem found."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    dry_run: bool = False

    def add(self, kind, outcome):
        self.counts[(kind, outcome)] += 1

    def summary(self):
        kinds = ("provider", "service", "station", "solution")
        parts = []
        for kind in kinds:
            created = self.counts[(kind, "created")]
            updated = self.counts[(kind, "updated")]
            unchanged = self.counts[(kind, "unchanged")]
            if created or updated or unchanged:
                parts.append(
                    f"{kind}s: {created} created, {updated} updated, {unchanged} unchanged"
                )
        return "; ".join(parts) or "nothing to import"

    @property
    def changed(self):
        return any(outcome != "unchanged" for (_kind, outcome) in self.counts)


# --- Parsing -----------------------------------------------------------------------------------


@dataclass
class Spec:
    """What the file says one page (and its translations) should be."""

    kind: str
    record_id: str
    fields: dict
    translations: dict = field(default_factory=dict)  # language -> fields
    elements: list = field(default_factory=list)
    children: list = field(default_factory=list)  # list of dicts (zh)
    child_translations: dict = field(default_factory=dict)  # language -> list of dicts
    live: bool = True
    parent_id: str | None = None
    service_ids: list = field(default_factory=list)
    addresses: list = field(default_factory=list)  # (address fields, {language: texts})
    position: tuple = ("", 0)


class _Reader:
    """Reads fields of one record, recording errors that name the record and the field."""

    def __init__(self, parser, collection, index, record):
        self.parser = parser
        self.collection = collection
        self.index = index
        self.record = record if isinstance(record, dict) else {}
        raw_id = self.record.get("id")
        self.id = str(raw_id).strip() if isinstance(raw_id, str | int) else ""

    def error(self, field_name, message):
        self.parser.errors.append(
            RecordError(self.collection, self.index, self.id, field_name, message)
        )

    def text(self, name, max_length=None, required=False, source=None, default=""):
        data = self.record if source is None else source
        value = data.get(name)
        if value is None:
            value = default
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(name, "must be text")
            return default
        value = value.strip()
        if required and not value:
            self.error(name, "is required")
        if max_length and len(value) > max_length:
            self.error(name, f"is longer than {max_length} characters")
            value = value[:max_length]
        return value

    def rich_text(self, name, source=None):
        value = self.text(name, source=source)
        if not value:
            return ""
        if "<" not in value:
            value = "".join(f"<p>{line}</p>" for line in split_lines(value))
        return nh3.clean(value, tags=RICH_TEXT_TAGS, attributes={"a": {"href"}})

    def list(self, name, source=None):
        data = self.record if source is None else source
        value = data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(name, "must be a list")
            return []
        return value

    def choice(self, name, choices, default=None, required=False):
        value = self.record.get(name)
        if value in (None, ""):
            if required:
                self.error(name, f"is required (one of {', '.join(choices)})")
            return default
        normalized = {str(choice).lower(): choice for choice in choices}
        if not isinstance(value, str) or value.strip().lower() not in normalized:
            self.error(name, f"{value!r} is not one of {', '.join(choices)}")
            return default
        return normalized[value.strip().lower()]

    def choices(self, name, choices, required=False):
        values = []
        for item in self.list(name):
            normalized = {str(choice).lower(): choice for choice in choices}
            if not isinstance(item, str) or item.strip().lower() not in normalized:
                self.error(name, f"{item!r} is not one of {', '.join(choices)}")
                continue
            values.append(normalized[item.strip().lower()])
        if required and not values and name not in [e.field for e in self._own_errors()]:
            self.error(name, f"needs at least one of {', '.join(choices)}")
        return list(dict.fromkeys(values))

    def _own_errors(self):
        return [
            e
            for e in self.parser.errors
            if e.collection == self.collection and e.index == self.index
        ]

    def elements(self, name="x_elements", required=False):
        codes = []
        for item in self.list(name):
            code = self.parser.element_code(item)
            if code is None:
                self.error(
                    name,
                    f"{item!r} is not an element code ({', '.join(self.parser.element_codes)})",
                )
            else:
                codes.append(code)
        if required and not codes and not self.list(name):
            self.error(name, "needs at least one element code")
        return list(dict.fromkeys(codes))

    def email(self, name, source=None):
        value = self.text(name, max_length=254, source=source)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.error(name, f"{value!r} is not an email address")
                return ""
        return value

    def url(self, name):
        value = self.text(name, max_length=200)
        if value and not re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I):
            value = "https://" + value
        if value:
            try:
                URLValidator()(value)
            except ValidationError:
                self.error(name, f"{value!r} is not a web address")
                return ""
        return value

    def date(self, name, source):
        value = source.get(name)
        if value in (None, ""):
            return None
        try:
            return datetime.date.fromisoformat(str(value)[:10])
        except ValueError:
            self.error(name, f"{value!r} is not a date (YYYY-MM-DD)")
            return None

    def coordinate(self, name, low, high):
        value = self.record.get(name)
        if value in (None, ""):
            return None
        try:
            number = Decimal(str(value)).quantize(COORDINATE)
        except (InvalidOperation, ValueError):
            self.error(name, f"{value!r} is not a number")
            return None
        if not low <= number <= high:
            self.error(name, f"{value} is out of range ({low} to {high})")
            return None
        return number

    def integer(self, name, low=0, high=32767):
        value = self.record.get(name)
        if value in (None, ""):
            return None
        try:
            number = int(value)
            if isinstance(value, float) and value != number:
                raise ValueError
        except (TypeError, ValueError):
            self.error(name, f"{value!r} is not a whole number")
            return None
        if not low <= number <= high:
            self.error(name, f"{number} is out of range ({low} to {high})")
            return None
        return number

    def boolean(self, name):
        value = self.record.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)

    def translations(self):
        value = self.record.get("x_translations") or {}
        if not isinstance(value, dict):
            self.error("x_translations", "must be an object keyed by language code")
            return {}
        found = {}
        for language, texts in value.items():
            if language not in LANGUAGES:
                continue
            if not isinstance(texts, dict):
                self.error(f"x_translations.{language}", "must be an object")
                continue
            found[language] = texts
        return found


class Parser:
    """Turns an HSDS document into ``Page`` specs, or raises ``HSDSImportError``."""

    def __init__(self, data):
        self.data = data
        self.errors = []
        from directory.standard_elements import STANDARD_ELEMENTS

        # Codes or names (either language) of the standard elements, which the import creates when
        # missing, and of any element editors added.
        self.element_names = {}
        for spec in STANDARD_ELEMENTS:
            for name in (spec.code, spec.zh_name, spec.en_name):
                self.element_names[name.lower()] = spec.code
        for code, name in Element.objects.values_list("code", "name"):
            self.element_names.setdefault(code.lower(), code)
            self.element_names.setdefault(name.strip().lower(), code)
        self.element_codes = list(dict.fromkeys(self.element_names.values()))

    def element_code(self, value):
        if not isinstance(value, str):
            return None
        return self.element_names.get(value.strip().lower())

    def parse(self):
        if not isinstance(self.data, dict):
            raise HSDSImportError([RecordError("file", None, "", "", "must be one JSON object")])
        for name in COLLECTIONS:
            if name in self.data and not isinstance(self.data[name], list):
                self.errors.append(RecordError(name, None, "", "", "must be a list"))
        if self.errors:
            raise HSDSImportError(self.errors)
        self.providers = self._unique("organizations", self._organization)
        self.services = self._unique("services", self._service)
        self.stations = {}
        self.addresses = {}  # location id -> (organization id, address dict, translations)
        for index, record in enumerate(self.data.get("locations", [])):
            self._location(index, record)
        self._service_at_locations()
        self._contacts_and_phones()
        self.solutions = self._unique("x_solutions", self._solution)
        self._attach_addresses()
        self._check_references()
        if self.errors:
            raise HSDSImportError(self.errors)
        return self

    def _unique(self, collection, parse_one):
        found = {}
        for index, record in enumerate(self.data.get(collection, [])):
            reader = _Reader(self, collection, index, record)
            if not isinstance(record, dict):
                reader.error("", "must be an object")
                continue
            if not reader.id:
                reader.error("id", "is required")
                continue
            if len(reader.id) > 100:
                reader.error("id", "is longer than 100 characters")
                continue
            if reader.id in found:
                reader.error("id", "appears twice in this list")
                continue
            page = parse_one(reader)
            page.position = (collection, index)
            found[reader.id] = page
        return found

    # organizations
    def _organization(self, r):
        fields = {
            "title": r.text("name", max_length=255, required=True),
            "short_name": r.text("alternate_name", max_length=60),
            "summary": r.text("description", max_length=400),
            "body": r.rich_text("x_body"),
            "email": r.email("email"),
            "website": r.url("website"),
            "uscc": r.text("tax_id", max_length=18).upper(),
            "provider_type": r.choice("x_provider_type", ProviderType.values, ProviderType.OTHER),
            "service_regions": [],
            "contact_name": "",
            "phone": "",
            "external_id": r.id,
        }
        fields["summary"] = fields["summary"] or fields["title"]
        if fields["uscc"] and not is_valid_uscc(fields["uscc"]):
            r.error("tax_id", f"{fields['uscc']!r} is not a valid unified social credit code")
        for item in r.list("x_service_regions"):
            city = city_from_text(item) if isinstance(item, str) else None
            if city is None:
                r.error("x_service_regions", f"{item!r} is not one of Guangdong's cities")
            else:
                fields["service_regions"].append(city.value)
        fields["service_regions"] = list(dict.fromkeys(fields["service_regions"]))
        credentials = []
        for position, item in enumerate(r.list("x_credentials")):
            name = f"x_credentials[{position}]"
            if not isinstance(item, dict):
                r.error(name, "must be an object")
                continue
            scheme = str(item.get("scheme") or "").strip()
            matched = {choice.lower(): choice for choice in Scheme.values}.get(scheme.lower())
            if matched is None:
                r.error(f"{name}.scheme", f"{scheme!r} is not one of {', '.join(Scheme.values)}")
            number = r.text("number", max_length=60, source=item)
            if not number:
                r.error(f"{name}.number", "is required")
            valid_from = r.date("valid_from", item)
            valid_until = r.date("valid_until", item)
            if valid_from and valid_until and valid_until < valid_from:
                r.error(f"{name}.valid_until", "is before valid_from")
            credentials.append(
                {
                    "scheme": matched or Scheme.OTHER,
                    "number": number,
                    "scope": r.text("scope", max_length=1000, source=item),
                    "valid_from": valid_from,
                    "valid_until": valid_until,
                }
            )
        page = Spec(
            "provider",
            r.id,
            fields,
            elements=r.elements(),
            children=credentials,
        )
        for language, texts in r.translations().items():
            page.translations[language] = {
                "title": r.text("name", max_length=255, source=texts) or fields["title"],
                "short_name": r.text("alternate_name", max_length=60, source=texts),
                "summary": r.text("description", max_length=400, source=texts)
                or r.text("name", max_length=255, source=texts)
                or fields["summary"],
                "body": r.rich_text("x_body", source=texts),
            }
            scopes = r.list("x_credentials", source=texts)
            page.child_translations[language] = [
                r.text("scope", max_length=1000, source=item) if isinstance(item, dict) else ""
                for item in scopes
            ]
        return page

    # services
    def _service(self, r):
        status = r.text("status", default="active").lower() or "active"
        if status != "active" and status not in INACTIVE_STATUSES:
            r.error(
                "status", f"{status!r} is not one of active, inactive, defunct, temporarily closed"
            )
        organization_id = r.text("organization_id", required=True)
        fee = r.choice("x_fee", FeeType.values)
        if fee is None and "x_fee" not in r.record:
            fee = self._fee_from_cost_options(r)
        fields = {
            "title": r.text("name", max_length=255, required=True),
            "summary": r.text("description", max_length=400),
            "what_you_get": r.text("x_what_you_get"),
            "eligibility": r.text("eligibility_description"),
            "process": "\n".join(split_lines(r.text("application_process"))),
            "fee_type": fee or FeeType.FREE,
            "fee_description": r.text("fees_description"),
            "turnaround_days": r.integer("x_turnaround_days"),
            "channels": r.choices("x_channels", Channel.values, required=True),
            "materials": "\n".join(self._documents(r, r.record)),
            "online_url": r.url("url"),
            "featured": r.boolean("x_featured"),
            "external_id": r.id,
        }
        fields["summary"] = fields["summary"] or fields["title"]
        page = Spec(
            "service",
            r.id,
            fields,
            elements=r.elements(required=True),
            live=status == "active",
            parent_id=organization_id,
        )
        for language, texts in r.translations().items():
            page.translations[language] = {
                "title": r.text("name", max_length=255, source=texts) or fields["title"],
                "summary": r.text("description", max_length=400, source=texts)
                or r.text("name", max_length=255, source=texts)
                or fields["summary"],
                "what_you_get": r.text("x_what_you_get", source=texts),
                "eligibility": r.text("eligibility_description", source=texts),
                "process": "\n".join(split_lines(r.text("application_process", source=texts))),
                "fee_description": r.text("fees_description", source=texts),
                "materials": "\n".join(self._documents(r, texts)),
            }
        return page

    def _fee_from_cost_options(self, r):
        amounts = []
        for item in r.list("cost_options"):
            if isinstance(item, dict) and item.get("amount") not in (None, ""):
                try:
                    amounts.append(Decimal(str(item["amount"])))
                except InvalidOperation:
                    r.error("cost_options.amount", f"{item['amount']!r} is not a number")
        if amounts:
            return FeeType.CHARGED if any(amounts) else FeeType.FREE
        r.error("x_fee", "is required (free or charged) when cost_options give no amount")
        return None

    def _documents(self, r, source):
        documents = []
        for item in r.list("required_documents", source=source):
            text = item.get("document") if isinstance(item, dict) else item
            if isinstance(text, str) and text.strip():
                documents.append(text.strip())
        return documents

    # locations
    def _location(self, index, record):
        r = _Reader(self, "locations", index, record)
        if not isinstance(record, dict):
            r.error("", "must be an object")
            return
        if not r.id:
            r.error("id", "is required")
            return
        if r.id in self.stations or r.id in self.addresses:
            r.error("id", "appears twice in this list")
            return
        addresses = [item for item in r.list("addresses") if isinstance(item, dict)]
        address = addresses[0] if addresses else {}
        street = " ".join(
            part
            for part in (
                r.text("address_1", max_length=250, source=address),
                r.text("address_2", max_length=250, source=address),
            )
            if part
        )
        city_text = r.text("city", source=address)
        city = city_from_text(city_text)
        latitude = r.coordinate("latitude", Decimal(-90), Decimal(90))
        longitude = r.coordinate("longitude", Decimal(-180), Decimal(180))
        postal_code = r.text("postal_code", max_length=10, source=address)
        translations = r.translations()
        if r.boolean("x_station"):
            if city is None:
                r.error(
                    "addresses[0].city",
                    f"{city_text!r} is not one of Guangdong's 21 cities"
                    if city_text
                    else "is required for a station",
                )
            if not street:
                r.error("addresses[0].address_1", "is required for a station")
            schedules = [item for item in r.list("schedules") if isinstance(item, dict)]
            opening_hours = r.text("x_opening_hours", max_length=200) or (
                r.text("description", max_length=200, source=schedules[0]) if schedules else ""
            )
            fields = {
                "title": r.text("name", max_length=255, required=True),
                "summary": r.text("description", max_length=400),
                "body": r.rich_text("x_body"),
                "city": city.value if city else "",
                "address": street[:250],
                "postal_code": postal_code,
                "park": r.text("x_park", max_length=120),
                "opening_hours": opening_hours,
                "contact_name": "",
                "phone": "",
                "email": "",
                "latitude": latitude,
                "longitude": longitude,
                "external_id": r.id,
            }
            fields["summary"] = fields["summary"] or fields["title"]
            page = Spec("station", r.id, fields, position=("locations", index))
            for language, texts in translations.items():
                english_addresses = [
                    i for i in r.list("addresses", source=texts) if isinstance(i, dict)
                ]
                page.translations[language] = {
                    "title": r.text("name", max_length=255, source=texts) or fields["title"],
                    "summary": r.text("description", max_length=400, source=texts)
                    or r.text("name", max_length=255, source=texts)
                    or fields["summary"],
                    "body": r.rich_text("x_body", source=texts),
                    "park": r.text("x_park", max_length=120, source=texts) or fields["park"],
                    "opening_hours": r.text("x_opening_hours", max_length=200, source=texts)
                    or fields["opening_hours"],
                    "address": (
                        r.text("address_1", max_length=250, source=english_addresses[0])
                        if english_addresses
                        else ""
                    )
                    or fields["address"],
                }
            self.stations[r.id] = page
            return
        organization_id = r.text("organization_id")
        if not organization_id:
            r.error(
                "organization_id", "is required for a location that is not a station (x_station)"
            )
            return
        if not street and city is None:
            r.error("addresses", "needs an address with address_1 or city")
        if city is None and city_text:
            street = f"{city_text} {street}".strip()[:250]
        english = {}
        for language, texts in translations.items():
            english_addresses = [
                i for i in r.list("addresses", source=texts) if isinstance(i, dict)
            ]
            english[language] = {
                "label": r.text("name", max_length=80, source=texts),
                "street": (
                    r.text("address_1", max_length=250, source=english_addresses[0])
                    if english_addresses
                    else ""
                ),
            }
        self.addresses[r.id] = (
            organization_id,
            {
                "label": r.text("name", max_length=80),
                "city": city.value if city else "",
                "street": street[:250] or city_text,
                "postal_code": postal_code,
                "latitude": latitude,
                "longitude": longitude,
            },
            english,
            (index, r.id),
        )

    def _attach_addresses(self):
        for organization_id, address, english, (index, location_id) in self.addresses.values():
            provider = self.providers.get(organization_id)
            if provider is None:
                # The provider is already in the site: its addresses are replaced only when the
                # file carries the provider itself.
                if not self._page_in_site(ProviderPage, organization_id):
                    self.errors.append(
                        RecordError(
                            "locations",
                            index,
                            location_id,
                            "organization_id",
                            f"{organization_id!r} is not an organization in this file or the site",
                        )
                    )
                continue
            if address["label"] == provider.fields["title"]:
                address["label"] = ""
            provider.addresses.append((address, english))

    def _service_at_locations(self):
        for index, record in enumerate(self.data.get("service_at_locations", [])):
            r = _Reader(self, "service_at_locations", index, record)
            service_id = r.text("service_id", required=True)
            location_id = r.text("location_id", required=True)
            if not service_id or not location_id:
                continue
            if service_id not in self.services and not self._page_in_site(ServicePage, service_id):
                r.error("service_id", f"{service_id!r} is not a service in this file or the site")
            station = self.stations.get(location_id)
            if station is not None:
                if service_id not in station.service_ids:
                    station.service_ids.append(service_id)
            elif location_id not in self.addresses:
                r.error("location_id", f"{location_id!r} is not a location in this file")

    def _contacts_and_phones(self):
        contact_owner = {}
        for index, record in enumerate(self.data.get("contacts", [])):
            r = _Reader(self, "contacts", index, record)
            owner = self._owner(r)
            if owner is None:
                continue
            contact_owner[r.id] = owner
            name = r.text("name", max_length=80)
            email = r.email("email")
            owner.fields["contact_name"] = owner.fields.get("contact_name") or name
            if email and owner.kind == "station":
                owner.fields["email"] = owner.fields.get("email") or email
            elif email and owner.kind == "provider" and not owner.fields.get("email"):
                owner.fields["email"] = email
        for index, record in enumerate(self.data.get("phones", [])):
            r = _Reader(self, "phones", index, record)
            contact_id = r.text("contact_id")
            owner = contact_owner.get(contact_id) if contact_id else self._owner(r)
            if owner is None:
                if contact_id and contact_id not in contact_owner:
                    r.error("contact_id", f"{contact_id!r} is not a contact in this file")
                continue
            number = r.text("number", max_length=40, required=True)
            extension = r.text("extension", max_length=10)
            if extension:
                number = f"{number} 转 {extension}"[:40]
            owner.fields["phone"] = owner.fields.get("phone") or number

    def _owner(self, r):
        """The provider or station a contact or phone belongs to (services' belong to their
        provider); ``None`` when it belongs to something this directory does not keep."""
        organization_id = r.text("organization_id")
        location_id = r.text("location_id")
        service_id = r.text("service_id")
        if location_id:
            if location_id in self.stations:
                return self.stations[location_id]
            if location_id in self.addresses:
                return self.providers.get(self.addresses[location_id][0])
            r.error("location_id", f"{location_id!r} is not a location in this file")
            return None
        if organization_id:
            if organization_id in self.providers:
                return self.providers[organization_id]
            if not self._page_in_site(ProviderPage, organization_id):
                r.error(
                    "organization_id", f"{organization_id!r} is not an organization in this file"
                )
            return None
        if service_id:
            service = self.services.get(service_id)
            if service is None:
                r.error("service_id", f"{service_id!r} is not a service in this file")
                return None
            return self.providers.get(service.parent_id)
        return None

    # solutions
    def _solution(self, r):
        fields = {
            "title": r.text("name", max_length=255, required=True),
            "summary": r.text("description", max_length=400),
            "need": r.text("x_need"),
            "body": r.rich_text("x_body"),
            "featured": r.boolean("x_featured"),
            "external_id": r.id,
        }
        fields["summary"] = fields["summary"] or fields["title"]
        steps = []
        for position, item in enumerate(r.list("x_steps")):
            name = f"x_steps[{position}]"
            if not isinstance(item, dict):
                r.error(name, "must be an object")
                continue
            service_id = r.text("service_id", source=item)
            if not service_id:
                r.error(f"{name}.service_id", "is required")
            elif service_id not in self.services and not self._page_in_site(
                ServicePage, service_id
            ):
                r.error(
                    f"{name}.service_id",
                    f"{service_id!r} is not a service in this file or the site",
                )
            steps.append(
                {
                    "service_id": service_id,
                    "title": r.text("title", max_length=120, source=item),
                    "explanation": r.text("description", source=item),
                }
            )
        if not steps:
            r.error("x_steps", "needs at least one step")
        page = Spec("solution", r.id, fields, children=steps)
        for language, texts in r.translations().items():
            page.translations[language] = {
                "title": r.text("name", max_length=255, source=texts) or fields["title"],
                "summary": r.text("description", max_length=400, source=texts)
                or r.text("name", max_length=255, source=texts)
                or fields["summary"],
                "need": r.text("x_need", source=texts),
                "body": r.rich_text("x_body", source=texts),
            }
            page.child_translations[language] = [
                {
                    "title": r.text("title", max_length=120, source=item),
                    "explanation": r.text("description", source=item),
                }
                if isinstance(item, dict)
                else {}
                for item in r.list("x_steps", source=texts)
            ]
        return page

    def _check_references(self):
        for service in self.services.values():
            organization_id = service.parent_id
            if organization_id and organization_id not in self.providers:
                if not self._page_in_site(ProviderPage, organization_id):
                    collection, index = service.position
                    self.errors.append(
                        RecordError(
                            collection,
                            index,
                            service.record_id,
                            "organization_id",
                            f"{organization_id!r} is not an organization in this file or the site",
                        )
                    )

    def _page_in_site(self, model, record_id):
        return find_page(model, record_id) is not None


def find_page(model, record_id, locale=None):
    """The Chinese page imported with ``record_id`` (or exported with it as translation key)."""
    from website.page_tree import get_locales

    zh, _en = get_locales()
    query = Q(external_id=record_id)
    try:
        query |= Q(translation_key=uuid.UUID(str(record_id)))
    except ValueError:
        pass
    return model.objects.filter(query, locale=locale or zh).order_by("pk").first()
