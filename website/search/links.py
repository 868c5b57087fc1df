"""Where the search page sends people who did not find what they wanted: the request form and
the element pages, in the active language. Models that do not exist yet are skipped."""

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from wagtail.models import Locale


def _model(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _language_prefix():
    language = get_language() or settings.LANGUAGE_CODE
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


def _live_page(label):
    model = _model(label)
    if model is None:
        return None
    return model.objects.live().filter(locale=Locale.get_active()).first()


def request_form_url():
    """The request form (``/request/``, ``/en/request/``): the live ServiceRequestPage of the
    active language when there is one."""
    page = _live_page("service_requests.ServiceRequestPage")
    if page is not None:
        return page.url
    return f"{_language_prefix()}/request/"


def element_links():
    """``[(name, url)]`` for the seven elements: their landing pages under the directory, or a
    search for the element's name while the directory has no page for them."""
    element_model = _model("directory.Element")
    if element_model is None:
        return []
    elements = list(
        element_model.objects.filter(locale=Locale.get_active()).order_by("sort_order", "code")
    )
    directory = _live_page("directory.DirectoryIndexPage")
    links = []
    for element in elements:
        url = reverse("search") + "?" + urlencode({"q": element.name})
        if directory is not None and hasattr(directory, "reverse_subpage"):
            try:
                url = directory.url + directory.reverse_subpage("element", args=[element.code])
            except NoReverseMatch:
                pass
        links.append((element.name, url))
    return links
