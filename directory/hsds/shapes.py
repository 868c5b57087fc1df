"""The two shapes of HSDS 3.0 data ``import_directory`` reads, brought to one: the flat document
(lists keyed ``organizations``, ``services``, ``locations``, ``service_at_locations``, ``contacts``,
``phones``, ``x_solutions``) and the nested records an HSDS API answers with — an organization with
its ``services``, ``locations``, ``contacts`` and ``phones``; a service with its ``organization``
and ``service_at_locations``; a location; a service_at_location with its ``service`` and
``location`` — alone, in a list, or as a paginated answer (``contents``). Nested records become
flat ones carrying the ids that linked them; a record met twice (same collection and id) is kept
once, the first time with the most detail."""

FLAT_KEYS = (
    "organizations",
    "services",
    "locations",
    "service_at_locations",
    "contacts",
    "phones",
    "x_solutions",
)


def is_flat(data):
    return isinstance(data, dict) and "id" not in data and any(k in data for k in FLAT_KEYS)


def flatten(data):
    """A flat document holding everything ``data`` holds (``data`` itself when already flat)."""
    if is_flat(data) or not isinstance(data, dict | list):
        return data
    if isinstance(data, dict) and isinstance(data.get("contents"), list) and "id" not in data:
        data = data["contents"]
    records = data if isinstance(data, list) else [data]
    flat = Flattener()
    for record in records:
        if not isinstance(record, dict):
            return {"organizations": [record]}  # refused by the parser as "must be an object"
        flat.record(record)
    return flat.document


def kind_of(record):
    if "service" in record and "location" in record:
        return "service_at_locations"
    if "service_at_locations" in record or "organization" in record or "status" in record:
        return "services"
    if "location_type" in record or "latitude" in record or "addresses" in record:
        if "services" not in record:
            return "locations"
    return "organizations"


class Flattener:
    def __init__(self):
        self.document = {key: [] for key in FLAT_KEYS[:-1]}
        self.seen = {}

    def _add(self, collection, record, **links):
        """Add ``record`` (without its nested records) with the ``links`` of where it was nested,
        which win over ids it names itself."""
        record = {key: value for key, value in record.items() if not _nested(key, value)}
        for key, value in links.items():
            if value:
                record[key] = value
        record_id = record.get("id")
        key = (collection, record_id)
        if record_id and key in self.seen:
            kept = self.seen[key]
            for name, value in record.items():
                kept.setdefault(name, value)
            return
        if record_id:
            self.seen[key] = record
        self.document[collection].append(record)

    def record(self, record):
        getattr(self, kind_of(record))(record)

    def organizations(self, record):
        organization_id = record.get("id")
        self._add("organizations", record)
        for service in _list(record, "services"):
            self.services(service, organization_id=organization_id)
        for location in _list(record, "locations"):
            self.locations(location, organization_id=organization_id)
        self._contacts(record, organization_id=organization_id)

    def services(self, record, organization_id=None):
        organization = record.get("organization")
        if isinstance(organization, dict):
            self.organizations(organization)
            organization_id = organization.get("id") or organization_id
        service_id = record.get("id")
        self._add("services", record, organization_id=organization_id)
        for link in _list(record, "service_at_locations"):
            self.service_at_locations(link, service_id=service_id, organization_id=organization_id)
        # A service's own contacts and phones belong to its organization in this directory.
        self._contacts(record, service_id=service_id)

    def locations(self, record, organization_id=None):
        self._add("locations", record, organization_id=organization_id)
        self._contacts(record, location_id=record.get("id"))

    def service_at_locations(self, record, service_id=None, organization_id=None):
        service = record.get("service")
        if isinstance(service, dict):
            self.services(service)
            service_id = service.get("id") or service_id
            organization = service.get("organization")
            organization_id = service.get("organization_id") or organization_id
            if isinstance(organization, dict):
                organization_id = organization.get("id") or organization_id
        location = record.get("location")
        location_id = record.get("location_id")
        if isinstance(location, dict):
            location_id = location.get("id") or location_id
            self.locations(location, organization_id=organization_id)
        self._add("service_at_locations", record, service_id=service_id, location_id=location_id)

    def _contacts(self, record, **owner):
        for contact in _list(record, "contacts"):
            self._add("contacts", contact, **owner)
            for phone in _list(contact, "phones"):
                self._add("phones", phone, contact_id=contact.get("id"))
        for phone in _list(record, "phones"):
            if not phone.get("contact_id"):
                self._add("phones", phone, **owner)


def _nested(key, value):
    if key in ("organization", "service", "location"):
        return isinstance(value, dict)
    if key in ("services", "locations", "service_at_locations", "contacts", "phones"):
        return isinstance(value, list)
    return False


def _list(record, key):
    value = record.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
