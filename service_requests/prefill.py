"""Prefill of the request form from the page the enterprise came from.

``/request/start/?element=<code>`` preselects an element. Anything unknown, stale, unpublished or
in another language is ignored, never an error. What is kept in the wizard's session is
language-neutral (element codes), so it survives a switch of language.
"""

from django.utils.translation import get_language

MAX_VALUES = 10


def _values(query, name):
    return [v.strip() for v in query.getlist(name)[:MAX_VALUES] if v.strip()]


def from_query(query):
    """What ``query`` (a QueryDict) asks to preselect, checked against the database; ``{}`` when
    nothing usable is given."""
    from directory.models import Element

    prefill = {}
    codes = _values(query, "element")
    if codes:
        known = set(Element.objects.filter(code__in=codes).values_list("code", flat=True))
        element_codes = [code for code in codes if code in known]
        if element_codes:
            prefill["element_codes"] = element_codes
    return prefill


def merge(old, new):
    """Add a new prefill to one already stored (the user came from a second page)."""
    merged = dict(old or {})
    for key, value in (new or {}).items():
        if isinstance(value, list):
            merged[key] = list(dict.fromkeys([*merged.get(key, []), *value]))
        else:
            merged[key] = value
    return merged


def needs_initial(prefill):
    """Initial values of the "what you need" step."""
    prefill = prefill or {}
    initial = {}
    if prefill.get("element_codes"):
        initial["elements"] = list(prefill["element_codes"])
    return initial


def describe(prefill, language=None):
    """Names of what is preselected, for the start page ("You are asking about …")."""
    from directory.models import Element

    language = language or get_language()
    prefill = prefill or {}
    names = []
    codes = prefill.get("element_codes") or []
    if codes:
        names += list(
            Element.objects.filter(code__in=codes, locale__language_code=language)
            .order_by("sort_order")
            .values_list("name", flat=True)
        )
    return names
