"""Reading an HSDS ``locations`` record: a station (``x_station``) becomes a station ``Spec``,
any other location an address of its organization's provider page."""

from decimal import Decimal

from directory.geo import city_from_text
from directory.hsds.records import HSDSReader, Spec
from directory.models import ProviderAddress, StationPage
from website.importing import quote

COORDINATE = Decimal("0.000001")


def read_location(parser, index, record):
    """Adds the location to ``parser.stations`` or ``parser.addresses``."""
    r = HSDSReader(parser, "locations", index, record, StationPage)
    if not isinstance(record, dict):
        r.error("", "must be an object.")
        return
    if not r.id:
        r.error("id", "is required.")
        return
    if r.id in parser.stations or r.id in parser.addresses:
        r.error("id", "appears twice in this list.")
        return
    place = _place(r, r.record)
    if r.boolean("x_station"):
        parser.stations[r.id] = _station(r, index, place)
    else:
        _address(parser, r, index, place)


def _first_address(r, source):
    addresses = [item for item in r.list("addresses", source=source) if isinstance(item, dict)]
    return addresses[0] if addresses else {}


def _street(r, address):
    return r.text("address_1", to="street", model=ProviderAddress, source=address)


def _place(r, source):
    """Street, city and coordinates, as stations and provider addresses both keep them."""
    address = _first_address(r, source)
    street = " ".join(
        part
        for part in (
            _street(r, address),
            r.text("address_2", to="street", model=ProviderAddress, source=address),
        )
        if part
    )
    city_text = r.text("city", source=address)
    return {
        "street": street,
        "city_text": city_text,
        "city": city_from_text(city_text),
        "postal_code": r.text("postal_code", to="postal_code", source=address),
        "latitude": r.decimal("latitude", low=Decimal(-90), high=Decimal(90), places=COORDINATE),
        "longitude": r.decimal(
            "longitude", low=Decimal(-180), high=Decimal(180), places=COORDINATE
        ),
    }


def _station(r, index, place):
    city, city_text, street = place["city"], place["city_text"], place["street"]
    if city is None:
        r.error(
            "addresses[0].city",
            f"{quote(city_text)} is not one of Guangdong's 21 cities."
            if city_text
            else "is required for a station.",
        )
    if not street:
        r.error("addresses[0].address_1", "is required for a station.")
    schedules = [item for item in r.list("schedules") if isinstance(item, dict)]
    opening_hours = r.text("x_opening_hours", to="opening_hours") or (
        r.text("description", to="opening_hours", source=schedules[0]) if schedules else ""
    )
    fields = {
        "title": r.text("name", to="title", required=True),
        "summary": r.text("description", to="summary"),
        "body": r.rich_text("x_body"),
        "city": city.value if city else "",
        "address": street[: StationPage._meta.get_field("address").max_length],
        "postal_code": place["postal_code"],
        "park": r.text("x_park", to="park"),
        "opening_hours": opening_hours,
        "contact_name": "",
        "phone": "",
        "email": "",
        "latitude": place["latitude"],
        "longitude": place["longitude"],
        "external_id": r.id,
    }
    fields["summary"] = fields["summary"] or fields["title"]
    page = Spec("station", r.id, fields, position=("locations", index))
    for language, texts in r.translations().items():
        translated = r.translated_texts(texts, fields, {"body": "x_body"})
        translated["park"] = r.text("x_park", to="park", source=texts) or fields["park"]
        translated["opening_hours"] = (
            r.text("x_opening_hours", to="opening_hours", source=texts) or fields["opening_hours"]
        )
        translated["address"] = _street(r, _first_address(r, texts)) or fields["address"]
        page.translations[language] = translated
    return page


def _address(parser, r, index, place):
    city, city_text, street = place["city"], place["city_text"], place["street"]
    organization_id = r.text("organization_id")
    if not organization_id:
        r.error("organization_id", "is required for a location that is not a station (x_station).")
        return
    if not street and city is None:
        r.error("addresses", "needs an address with address_1 or city.")
    longest = ProviderAddress._meta.get_field("street").max_length
    if city is None and city_text:
        street = f"{city_text} {street}".strip()[:longest]
    english = {
        language: {
            "label": r.text("name", to="label", model=ProviderAddress, source=texts),
            "street": _street(r, _first_address(r, texts)),
        }
        for language, texts in r.translations().items()
    }
    parser.addresses[r.id] = (
        organization_id,
        {
            "label": r.text("name", to="label", model=ProviderAddress),
            "city": city.value if city else "",
            "street": street[:longest] or city_text,
            "postal_code": place["postal_code"],
            "latitude": place["latitude"],
            "longitude": place["longitude"],
        },
        english,
        (index, r.id),
    )
