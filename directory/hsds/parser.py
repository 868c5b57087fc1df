"""Reading an HSDS 3.0 document: every record is turned into plain values (a ``Spec`` per page,
by the readers in ``directory.hsds.readers``) and checked, and every problem is collected as a
``RecordError`` naming the collection, position, record id and field. Nothing here writes to the
database; ``directory.hsds.importer`` does that.
"""

from django.conf import settings

from directory.hsds.readers.locations import read_location
from directory.hsds.readers.organizations import read_organization
from directory.hsds.readers.services import read_service
from directory.hsds.readers.solutions import read_solution
from directory.hsds.records import HSDSReader, find_page, record_error
from directory.hsds.shapes import FLAT_KEYS, flatten
from directory.models import (
    Element,
    ProviderPage,
    ServicePage,
    SolutionPage,
)
from directory.standard_elements import STANDARD_ELEMENTS
from website.importing import ImportRejected, RecordError, model_field, quote

COLLECTIONS = FLAT_KEYS


class Parser:
    """Turns an HSDS document into ``Spec``s, or raises ``ImportRejected``."""

    def __init__(self, data, taxonomy_map=None):
        self.data = flatten(data)
        self.errors = []
        self.warnings = []
        # A partner's taxonomy term ids or codes -> our element codes.
        self.taxonomy_map = {
            str(k): v for k, v in {**settings.HSDS_TAXONOMY_MAP, **(taxonomy_map or {})}.items()
        }
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
            raise ImportRejected([RecordError("file", "", "must be one JSON object.")])
        for name in COLLECTIONS:
            if name in self.data and not isinstance(self.data[name], list):
                self.errors.append(RecordError(name, "", "must be a list."))
        if self.errors:
            raise ImportRejected(self.errors)
        self.offered_at_locations = {
            link.get("service_id")
            for link in self.data.get("service_at_locations", [])
            if isinstance(link, dict)
        }
        self.providers = self._unique("organizations", ProviderPage, read_organization)
        self.services = self._unique("services", ServicePage, read_service)
        self.stations = {}
        self.addresses = {}  # location id -> (organization id, address dict, translations)
        for index, record in enumerate(self.data.get("locations", [])):
            read_location(self, index, record)
        self._service_at_locations()
        self._contacts_and_phones()
        self.solutions = self._unique(
            "x_solutions",
            SolutionPage,
            lambda r: read_solution(r, self._service_known),
        )
        self._attach_addresses()
        self._check_references()
        if self.errors:
            raise ImportRejected(self.errors)
        return self

    def _records(self, collection, model=None):
        for index, record in enumerate(self.data.get(collection, [])):
            yield index, HSDSReader(self, collection, index, record, model)

    def _unique(self, collection, model, read):
        found = {}
        longest = model_field(model, "external_id").max_length
        for index, r in self._records(collection, model):
            if not isinstance(self.data[collection][index], dict):
                r.error("", "must be an object.")
            elif not r.id:
                r.error("id", "is required.")
            elif len(r.id) > longest:
                r.error("id", f"is longer than {longest} characters.")
            elif r.id in found:
                r.error("id", "appears twice in this list.")
            else:
                page = read(r)
                page.position = (collection, index)
                found[r.id] = page
        return found

    def _service_known(self, service_id):
        return service_id in self.services or find_page(ServicePage, service_id) is not None

    def _provider_known(self, organization_id):
        return (
            organization_id in self.providers
            or find_page(ProviderPage, organization_id) is not None
        )

    def _attach_addresses(self):
        for organization_id, address, english, (index, location_id) in self.addresses.values():
            provider = self.providers.get(organization_id)
            if provider is None:
                # The provider is already in the site: its addresses are replaced only when the
                # file carries the provider itself.
                if not self._provider_known(organization_id):
                    self.errors.append(
                        record_error(
                            "locations",
                            index,
                            location_id,
                            "organization_id",
                            f"{quote(organization_id)} is not an organization in this file or "
                            "the site.",
                        )
                    )
                continue
            if address["label"] == provider.fields["title"]:
                address["label"] = ""
            provider.addresses.append((address, english))

    def _service_at_locations(self):
        for _index, r in self._records("service_at_locations"):
            service_id = r.text("service_id", required=True)
            location_id = r.text("location_id", required=True)
            if not service_id or not location_id:
                continue
            if not self._service_known(service_id):
                r.error(
                    "service_id",
                    f"{quote(service_id)} is not a service in this file or the site.",
                )
            station = self.stations.get(location_id)
            if station is not None:
                if service_id not in station.service_ids:
                    station.service_ids.append(service_id)
            elif location_id not in self.addresses:
                r.error("location_id", f"{quote(location_id)} is not a location in this file.")

    def _contacts_and_phones(self):
        contact_owner = {}
        for _index, r in self._records("contacts"):
            owner = self._owner(r)
            if owner is None:
                continue
            contact_owner[r.id] = owner
            name = r.text("name", to="contact_name", model=ProviderPage)
            email = r.email("email", to="email", model=ProviderPage)
            owner.fields["contact_name"] = owner.fields.get("contact_name") or name
            if email and not owner.fields.get("email"):
                owner.fields["email"] = email
        longest = model_field(ProviderPage, "phone").max_length
        for _index, r in self._records("phones"):
            contact_id = r.text("contact_id")
            owner = contact_owner.get(contact_id) if contact_id else self._owner(r)
            if owner is None:
                if contact_id and contact_id not in contact_owner:
                    r.error("contact_id", f"{quote(contact_id)} is not a contact in this file.")
                continue
            number = r.text("number", to="phone", model=ProviderPage, required=True)
            extension = r.text("extension")
            if extension:
                number = f"{number} 转 {extension}"[:longest]
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
            r.error("location_id", f"{quote(location_id)} is not a location in this file.")
            return None
        if organization_id:
            if organization_id in self.providers:
                return self.providers[organization_id]
            if not self._provider_known(organization_id):
                r.error(
                    "organization_id",
                    f"{quote(organization_id)} is not an organization in this file.",
                )
            return None
        if service_id:
            service = self.services.get(service_id)
            if service is None:
                r.error("service_id", f"{quote(service_id)} is not a service in this file.")
                return None
            return self.providers.get(service.parent_id)
        return None

    def _check_references(self):
        for service in self.services.values():
            organization_id = service.parent_id
            if organization_id and not self._provider_known(organization_id):
                collection, index = service.position
                self.errors.append(
                    record_error(
                        collection,
                        index,
                        service.record_id,
                        "organization_id",
                        f"{quote(organization_id)} is not an organization in this file or "
                        "the site.",
                    )
                )
