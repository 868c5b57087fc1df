"""Template tags of the request pages: GOV.UK-style form fields and the error summary."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()

GROUP_WIDGETS = {"radioselect", "checkboxselectmultiple"}


def anchor_id(field):
    """The id the error summary links to: the input, or the first option of a group."""
    if field.widget_type in GROUP_WIDGETS:
        return f"{field.auto_id}_0"
    return field.auto_id


@register.inclusion_tag("components/form_field.html")
def form_field(field, hint_html=""):
    """One question: label (or fieldset and legend for a group), hint, error, input."""
    widget_type = field.widget_type
    hint_id = f"{field.auto_id}_helptext" if field.help_text else ""
    error_id = f"{field.auto_id}_error" if field.errors else ""
    described_by = " ".join(filter(None, [hint_id, error_id]))
    return {
        "field": field,
        "widget_type": widget_type,
        "is_group": widget_type in GROUP_WIDGETS,
        "is_checkbox": widget_type == "checkbox",
        "hint_id": hint_id,
        "error_id": error_id,
        "described_by": described_by,
        "optional": not field.field.required,
        "hint_html": hint_html,
    }


@register.inclusion_tag("components/error_summary.html")
def error_summary(*forms):
    """The list of every error at the top of the page, each linking to its field."""
    errors = []
    for form in forms:
        if form is None or not form.is_bound or not form.errors:
            continue
        for message in form.non_field_errors():
            first = next(iter(form), None)
            errors.append({"message": message, "anchor": anchor_id(first) if first else ""})
        for bound in form:
            for message in bound.errors:
                errors.append({"message": message, "anchor": anchor_id(bound)})
    return {"errors": errors}


@register.filter
def long_date(value):
    """A date as people write it in the active language (2026年11月27日 / 27 November 2026)."""
    if not value:
        return ""
    return date_format(value, "DATE_FORMAT")


@register.filter
def iso_datetime(value):
    """A machine-readable time for ``<time datetime>`` (whole seconds, with the offset)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
