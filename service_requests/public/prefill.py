"""Prefill of the request form from the page the enterprise came from.

``/request/start/?service=<id>`` preselects that service, its elements and its provider;
``?provider=<id>`` the provider; ``?solution=<id>`` the services of the solution's steps and their
elements; ``?element=<code>`` an element; ``?station=<signed>`` the station whose poster was
scanned (recorded on the request); ``?need=<signed>`` a need summary written by another
part of the site (the 质量诊断 helper, see ``sign_need``) that fills in the description. Only
live pages of the language being used count: a bad, stale, unpublished or other-language id is
ignored, never an error.

What is kept in the wizard's session is language-neutral — element codes and page translation
keys — so it survives a switch of language in the middle of the form.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.utils.translation import get_language

from directory.models import Element, ProviderPage, ServicePage, SolutionPage
from service_requests import stations
from service_requests.models import ServiceRequestPage

MAX_VALUES = 10
NEED_SALT = "service_requests.prefill.need"
NEED_MAX_LENGTH = 2000  # the description's own limit
NEED_MAX_AGE = 24 * 60 * 60


def _language():
    return get_language() or settings.LANGUAGE_CODE


def _values(query, name):
    """Non-empty values of ``name``; a value with a NUL character (which PostgreSQL refuses in
    text) or longer than any key is not a key at all and is dropped."""
    values = (v.strip() for v in query.getlist(name)[:MAX_VALUES])
    return [v for v in values if v and "\x00" not in v and len(v) <= 100]


def _ids(query, name):
    return [int(v) for v in _values(query, name) if v.isdigit() and len(v) < 12]


def _live(model, ids):
    if not ids:
        return []
    return list(
        model.objects.live()
        .public()
        .filter(pk__in=ids, locale__language_code=_language())
        .order_by("path")
    )


def sign_need(summary, origin=""):
    """The ``need`` value carrying a need summary (and an opaque ``origin`` handed back in the
    ``request_submitted`` signal): signed, so a link cannot put words in an enterprise's mouth."""
    return signing.dumps(
        {"need": summary[:NEED_MAX_LENGTH], "origin": origin}, salt=NEED_SALT, compress=True
    )


def _need(query):
    value = query.get("need", "")
    if not value or len(value) > 4 * NEED_MAX_LENGTH:
        return {}
    try:
        data = signing.loads(value, salt=NEED_SALT, max_age=NEED_MAX_AGE)
    except signing.BadSignature:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("need"), str):
        return {}
    need = {"need_summary": data["need"][:NEED_MAX_LENGTH]}
    if isinstance(data.get("origin"), str) and data["origin"]:
        need["origin"] = data["origin"][:100]
    return need


def start_url(request, **query):
    """The URL that enters the request form in the active language with ``query`` as its
    prefill (``element``, ``service``, ``solution``, ``provider``, ``need``); None when the
    site has no live request page in that language."""
    page = (
        ServiceRequestPage.objects.live()
        .filter(locale__language_code=_language())
        .order_by("path")
        .first()
    )
    if page is None:
        return None
    url = page.get_url(request=request) + page.reverse_subpage("start")
    query = {name: value for name, value in query.items() if value}
    return url + ("?" + urlencode(query, doseq=True) if query else "")


def from_query(query):
    """What ``query`` (a QueryDict) asks to preselect, checked against the database; ``{}`` when
    nothing usable is given."""
    codes, service_keys, provider_key, solution_key = [], [], None, None
    wanted_codes = _values(query, "element")
    if wanted_codes:
        known = set(Element.objects.filter(code__in=wanted_codes).values_list("code", flat=True))
        codes += [code for code in wanted_codes if code in known]

    services = _live(ServicePage, _ids(query, "service"))
    for solution in _live(SolutionPage, _ids(query, "solution"))[:1]:
        solution_key = str(solution.translation_key)
        step_ids = [step.service_id for step in solution.steps.all() if step.service_id]
        live = {service.pk: service for service in _live(ServicePage, step_ids)}
        services += [live[pk] for pk in step_ids if pk in live and live[pk] not in services]
    if services:
        services_with_elements = ServicePage.objects.filter(
            pk__in=[s.pk for s in services]
        ).prefetch_related("elements")
        for service in services_with_elements:
            codes += [element.code for element in service.elements.all()]
        service_keys = [str(service.translation_key) for service in services]
    for provider in _live(ProviderPage, _ids(query, "provider"))[:1]:
        provider_key = str(provider.translation_key)
    if provider_key is None and len(services) == 1:
        provider = services[0].get_provider()
        if provider is not None and provider.live:
            provider_key = str(provider.translation_key)

    prefill = {}
    if codes:
        prefill["element_codes"] = list(dict.fromkeys(codes))
    if service_keys:
        prefill["service_keys"] = service_keys
    if provider_key:
        prefill["provider_key"] = provider_key
    if solution_key:
        prefill["solution_key"] = solution_key
    prefill.update(_need(query))
    station_key = stations.station_key(query.get("station", ""))
    if station_key:  # a station poster's "submit a request here" code
        prefill["station_key"] = station_key
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
    if prefill.get("service_keys"):
        initial["services"] = list(prefill["service_keys"])
    if prefill.get("provider_key"):
        initial["preferred_provider"] = prefill["provider_key"]
    if prefill.get("need_summary"):
        initial["description"] = prefill["need_summary"]
    return initial


def service_choices(prefill):
    """``(translation key, title)`` of the prefilled services in the active language."""
    keys = (prefill or {}).get("service_keys") or []
    if not keys:
        return []
    pages = ServicePage.objects.live().filter(
        translation_key__in=keys, locale__language_code=_language()
    )
    titles = {
        str(page.translation_key): page.title for page in pages.only("title", "translation_key")
    }
    return [(key, titles[key]) for key in keys if key in titles]


def provider_choices():
    """``(translation key, name)`` of every live provider in the active language."""
    pages = (
        ProviderPage.objects.live()
        .public()
        .filter(locale__language_code=_language())
        .order_by("title")
        .only("title", "translation_key")
    )
    return [(str(page.translation_key), page.title) for page in pages]


def describe(prefill):
    """Names of what is preselected, for the start page ("You are asking about …")."""
    prefill = prefill or {}
    language = _language()
    names = []
    if prefill.get("solution_key"):
        names += list(
            SolutionPage.objects.live()
            .filter(translation_key=prefill["solution_key"], locale__language_code=language)
            .values_list("title", flat=True)
        )
    names += [title for _key, title in service_choices(prefill)]
    if prefill.get("provider_key"):
        names += list(
            ProviderPage.objects.live()
            .filter(translation_key=prefill["provider_key"], locale__language_code=language)
            .values_list("title", flat=True)
        )
    if not names and prefill.get("element_codes"):
        names += list(
            Element.objects.filter(
                code__in=prefill["element_codes"], locale__language_code=language
            )
            .order_by("sort_order")
            .values_list("name", flat=True)
        )
    return names
