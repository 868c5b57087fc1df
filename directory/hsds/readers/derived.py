"""What a service record without our extensions (``x_elements``, ``x_channels``, ``x_fee``)
says in plain HSDS 3.0 terms, and the defaults where it says nothing (each default is a warning
in the import report; docs/directory-data-format.md lists them).

- elements: from ``attributes`` whose ``taxonomy_term`` (or ``taxonomy_term_id``) has an id, code
  or name that is an element's code or name, or that the taxonomy map (``HSDS_TAXONOMY_MAP`` and
  ``import_directory --taxonomy-map``) maps to an element code; default ``DEFAULT_ELEMENT``.
- channels: ``onsite`` when the service is offered at a location (``service_at_locations``),
  ``online`` when it has a ``url``; default ``DEFAULT_CHANNEL``.
- fee: ``charged`` when a ``cost_options`` amount is above zero or ``fees_description`` is given,
  ``free`` when every amount is zero; default ``DEFAULT_FEE``.
"""

from decimal import Decimal, InvalidOperation

from directory.choices import Channel, FeeType
from website.importing import quote

DEFAULT_ELEMENT = "standards"
DEFAULT_CHANNEL = Channel.ONSITE
DEFAULT_FEE = FeeType.FREE


def warn(r, field, message):
    r.parser.warnings.append(f"{r.label} {field}: {message}")


def elements_from_attributes(r):
    codes, unknown = [], []
    for attribute in r.list("attributes"):
        if not isinstance(attribute, dict):
            continue
        term = attribute.get("taxonomy_term")
        term = term if isinstance(term, dict) else {"id": attribute.get("taxonomy_term_id")}
        code = None
        for key in ("id", "code", "name"):
            value = term.get(key)
            if not isinstance(value, str | int) or value == "":
                continue
            code = r.parser.element_code(r.parser.taxonomy_map.get(str(value), value))
            if code:
                break
        if code:
            codes.append(code)
        elif term.get("id") or term.get("code") or term.get("name"):
            unknown.append(str(term.get("code") or term.get("id") or term.get("name")))
    if unknown:
        warn(
            r,
            "attributes",
            f"taxonomy terms {', '.join(quote(u) for u in unknown)} match no element and are "
            "not in the taxonomy map; ignored.",
        )
    if not codes:
        warn(r, "x_elements", f"no element derived; set to the default {quote(DEFAULT_ELEMENT)}.")
        codes = [DEFAULT_ELEMENT]
    return list(dict.fromkeys(codes))


def channels_from_links(r):
    channels = []
    if r.id in r.parser.offered_at_locations:
        channels.append(Channel.ONSITE)
    if r.text("url"):
        channels.append(Channel.ONLINE)
    if not channels:
        warn(
            r,
            "x_channels",
            f"no service_at_locations or url; set to the default {quote(DEFAULT_CHANNEL)}.",
        )
        channels = [DEFAULT_CHANNEL]
    return channels


def fee_from_costs(r):
    amounts = []
    for item in r.list("cost_options"):
        if isinstance(item, dict) and item.get("amount") not in (None, ""):
            try:
                amounts.append(Decimal(str(item["amount"])))
            except InvalidOperation:
                r.error("cost_options.amount", f"{quote(item['amount'])} is not a number.")
    if any(amounts) or r.text("fees_description"):
        return FeeType.CHARGED
    if amounts:
        return FeeType.FREE
    warn(r, "x_fee", f"no cost_options or fees_description; set to the default {DEFAULT_FEE}.")
    return DEFAULT_FEE
