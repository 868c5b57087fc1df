"""Reading an HSDS ``services`` record into a service ``Spec``."""

from directory.choices import FeeType
from directory.hsds.readers.derived import (
    channels_from_links,
    elements_from_attributes,
    fee_from_costs,
)
from directory.hsds.records import Spec
from directory.models.services import split_lines
from website.importing import quote

INACTIVE_STATUSES = {"inactive", "defunct", "temporarily closed"}


def read_service(r):
    """``r`` is an ``HSDSReader`` of the record, with ``ServicePage`` as its model."""
    status = r.text("status").lower() or "active"
    if status != "active" and status not in INACTIVE_STATUSES:
        r.error(
            "status",
            f"{quote(status)} is not one of active, inactive, defunct, temporarily closed.",
        )
    organization_id = r.text("organization_id", required=True)
    fee = r.choice("x_fee", to="fee_type") if "x_fee" in r.record else fee_from_costs(r)
    fields = {
        "title": r.text("name", to="title", required=True),
        "summary": r.text("description", to="summary"),
        "what_you_get": r.text("x_what_you_get"),
        "eligibility": r.text("eligibility_description"),
        "process": "\n".join(split_lines(r.text("application_process"))),
        "fee_type": fee or FeeType.FREE,
        "fee_description": r.text("fees_description"),
        "turnaround_days": r.integer("x_turnaround_days"),
        "channels": r.choices("x_channels", to="channels", required=True)
        if "x_channels" in r.record
        else channels_from_links(r),
        "materials": "\n".join(_documents(r, r.record)),
        "online_url": r.url("url", to="online_url", add_scheme=True),
        "featured": r.boolean("x_featured"),
        "external_id": r.id,
    }
    fields["summary"] = fields["summary"] or fields["title"]
    page = Spec(
        "service",
        r.id,
        fields,
        elements=r.elements(required=True)
        if "x_elements" in r.record
        else elements_from_attributes(r),
        live=status == "active",
        parent_id=organization_id,
    )
    for language, texts in r.translations().items():
        translated = r.translated_texts(
            texts,
            fields,
            {
                "what_you_get": "x_what_you_get",
                "eligibility": "eligibility_description",
                "fee_description": "fees_description",
            },
        )
        translated["process"] = "\n".join(split_lines(r.text("application_process", source=texts)))
        translated["materials"] = "\n".join(_documents(r, texts))
        page.translations[language] = translated
    return page


def _documents(r, source):
    documents = []
    for item in r.list("required_documents", source=source):
        text = item.get("document") if isinstance(item, dict) else item
        if isinstance(text, str) and text.strip():
            documents.append(text.strip())
    return documents
