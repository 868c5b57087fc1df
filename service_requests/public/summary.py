"""The answers of the request form as rows for the "check your answers" page."""

from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from service_requests.choices import Channel, ContactMethod, Industry, Scale, Timeframe
from service_requests.public import forms
from website.choices import City

NOT_GIVEN = _("Not given")


@dataclass
class Row:
    label: str
    value: object  # a string, or a list of strings shown as a list
    change_url: str = ""
    multiline: bool = False

    @property
    def is_list(self):
        return isinstance(self.value, (list, tuple))


@dataclass
class Section:
    step: str
    title: str
    rows: list = field(default_factory=list)


def _label(form_class, name):
    return form_class.base_fields[name].label


def _display(choices_class, value):
    try:
        return choices_class(value).label
    except ValueError:
        return value or NOT_GIVEN


def wizard_summary(cleaned, *, uploads, choices, change_url, titles):
    enterprise, needs = cleaned.get("enterprise", {}), cleaned.get("needs", {})
    contact = cleaned.get("contact", {})

    def row(step, form_class, name, value, **kwargs):
        return Row(_label(form_class, name), value, change_url(step, name), **kwargs)

    ef, nf, cf = forms.EnterpriseForm, forms.NeedsForm, forms.ContactForm
    sections = [
        Section(
            "enterprise",
            titles["enterprise"],
            [
                row("enterprise", ef, "enterprise_name", enterprise.get("enterprise_name")),
                row("enterprise", ef, "uscc", enterprise.get("uscc")),
                row("enterprise", ef, "scale", _display(Scale, enterprise.get("scale"))),
                row("enterprise", ef, "industry", _display(Industry, enterprise.get("industry"))),
                row("enterprise", ef, "city", _display(City, enterprise.get("city"))),
                row("enterprise", ef, "address", enterprise.get("address") or NOT_GIVEN),
            ],
        ),
        Section(
            "needs",
            titles["needs"],
            [
                row(
                    "needs",
                    nf,
                    "elements",
                    [choices["element_choices"].get(c, c) for c in needs.get("elements", [])],
                ),
                *[
                    row("needs", nf, name, value)
                    for name, value in needs_extra_rows(needs, choices)
                ],
                row("needs", nf, "description", needs.get("description"), multiline=True),
                row("needs", nf, "timeframe", _display(Timeframe, needs.get("timeframe"))),
                row(
                    "needs",
                    nf,
                    "preferred_channel",
                    _display(Channel, needs.get("preferred_channel")),
                ),
            ],
        ),
        Section(
            "files",
            titles["files"],
            [
                Row(
                    _("Files"),
                    [f"{u['name']} ({filesizeformat(u['size'])})" for u in uploads]
                    or _("No files added"),
                    change_url("files", "upload"),
                )
            ],
        ),
        Section(
            "contact",
            titles["contact"],
            [
                row("contact", cf, "contact_name", contact.get("contact_name")),
                row("contact", cf, "contact_phone", contact.get("contact_phone") or NOT_GIVEN),
                row("contact", cf, "contact_email", contact.get("contact_email") or NOT_GIVEN),
                row(
                    "contact",
                    cf,
                    "preferred_contact",
                    _display(ContactMethod, contact.get("preferred_contact")),
                ),
                Row(
                    _("Sharing with service providers"),
                    _("Agreed") if contact.get("share_consent") else _("Not agreed"),
                    change_url("contact", "share_consent"),
                ),
            ],
        ),
    ]
    return sections


def needs_extra_rows(needs, choices):
    """Rows for the services and preferred provider, when the form offered them."""
    rows = []
    if choices["service_choices"]:
        services = [choices["service_choices"].get(key, key) for key in needs.get("services", [])]
        rows.append(("services", services or NOT_GIVEN))
    if choices["provider_choices"]:
        key = needs.get("preferred_provider")
        rows.append(("preferred_provider", choices["provider_choices"].get(key) or NOT_GIVEN))
    return rows
