"""Reading an HSDS ``organizations`` record into a provider ``Spec`` with its credentials."""

from directory.choices import ProviderType, Scheme
from directory.geo import city_from_text
from directory.hsds.records import Spec
from directory.models import ProviderCredential
from website.importing import quote
from website.uscc import is_valid_uscc, normalize_uscc


def read_organization(r):
    """``r`` is an ``HSDSReader`` of the record, with ``ProviderPage`` as its model."""
    fields = {
        "title": r.text("name", to="title", required=True),
        "short_name": r.text("alternate_name", to="short_name"),
        "summary": r.text("description", to="summary"),
        "body": r.rich_text("x_body"),
        "email": r.email("email", to="email"),
        "website": r.url("website", to="website", add_scheme=True),
        "uscc": r.text("tax_id"),
        "provider_type": r.choice(
            "x_provider_type", to="provider_type", default=ProviderType.OTHER
        ),
        "service_regions": [],
        "contact_name": "",
        "phone": "",
        "external_id": r.id,
    }
    fields["summary"] = fields["summary"] or fields["title"]
    if fields["uscc"] and not is_valid_uscc(fields["uscc"]):
        r.error("tax_id", f"{quote(fields['uscc'])} is not a valid unified social credit code.")
    elif fields["uscc"]:
        fields["uscc"] = normalize_uscc(fields["uscc"])
    for item in r.list("x_service_regions"):
        city = city_from_text(item) if isinstance(item, str) else None
        if city is None:
            r.error("x_service_regions", f"{quote(item)} is not one of Guangdong's cities.")
        else:
            fields["service_regions"].append(city.value)
    fields["service_regions"] = list(dict.fromkeys(fields["service_regions"]))
    page = Spec("provider", r.id, fields, elements=r.elements(), children=_credentials(r))
    for language, texts in r.translations().items():
        page.translations[language] = r.translated_texts(
            texts, fields, {"short_name": "alternate_name", "body": "x_body"}
        )
        page.child_translations[language] = [
            r.text("scope", to="scope", model=ProviderCredential, source=item)
            if isinstance(item, dict)
            else ""
            for item in r.list("x_credentials", source=texts)
        ]
    return page


def _credentials(r):
    credentials = []
    for position, item in enumerate(r.list("x_credentials")):
        name = f"x_credentials[{position}]"
        if not isinstance(item, dict):
            r.error(name, "must be an object.")
            continue
        scheme = r.choice(
            "scheme",
            to="scheme",
            model=ProviderCredential,
            default=Scheme.OTHER,
            required=True,
            source=item,
            path=f"{name}.scheme",
        )
        number = r.text("number", to="number", model=ProviderCredential, source=item)
        if not number:
            r.error(f"{name}.number", "is required.")
        valid_from = r.date("valid_from", source=item)
        valid_until = r.date("valid_until", source=item)
        if valid_from and valid_until and valid_until < valid_from:
            r.error(f"{name}.valid_until", "is before valid_from.")
        credentials.append(
            {
                "scheme": scheme,
                "number": number,
                "scope": r.text("scope", to="scope", model=ProviderCredential, source=item),
                "valid_from": valid_from,
                "valid_until": valid_until,
            }
        )
    return credentials
