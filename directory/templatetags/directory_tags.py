"""Template tags of the directory: request-form links, element landing URLs, home page sections."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils.http import urlencode
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from directory.models import DirectoryIndexPage

register = template.Library()

REQUEST_APP_LABEL = "service_requests"
REQUEST_MODEL = "servicerequestpage"


def _request_page_url(request):
    """URL of the live request page in the active language, looked up once per request.

    The request form is another app's page; it is found by its content type so the directory does
    not import that app. Until it exists, the form's fixed address is used.
    """
    language = get_language() or ""
    cached = getattr(request, "_directory_request_url", None) if request is not None else None
    if cached and cached[0] == language:
        return cached[1]
    url = None
    try:
        # Served from the content-type cache after the first lookup: no query per page.
        content_type = ContentType.objects.get_by_natural_key(REQUEST_APP_LABEL, REQUEST_MODEL)
    except ContentType.DoesNotExist:
        content_type = None
    if content_type is not None:
        page = (
            Page.objects.live()
            .filter(content_type=content_type, locale__language_code=language)
            .order_by("path")
            .first()
        )
        if page is not None:
            url = page.get_url(request)
    if not url:
        url = "/en/request/" if language.startswith("en") else "/request/"
    if request is not None:
        request._directory_request_url = (language, url)
    return url


@register.simple_tag(takes_context=True)
def request_url(context, service=None, provider=None, solution=None):
    """The request form's URL with the service, provider or solution preselected by page id."""
    url = _request_page_url(context.get("request"))
    params = []
    for name, page in (("service", service), ("provider", provider), ("solution", solution)):
        if page:
            params.append((name, getattr(page, "pk", page)))
    return f"{url}?{urlencode(params)}" if params else url


def _directory_index(request, locale_id):
    cache = getattr(request, "_directory_index", None) if request is not None else None
    if cache and cache[0] == locale_id:
        return cache[1]
    index = DirectoryIndexPage.objects.live().filter(locale_id=locale_id).first()
    if request is not None:
        request._directory_index = (locale_id, index)
    return index


@register.simple_tag(takes_context=True)
def element_url(context, element):
    """The landing page of an element: /services/element/<code>/ in the element's language."""
    request = context.get("request")
    index = _directory_index(request, element.locale_id)
    if index is None:
        return ""
    return index.element_url(element, request)


@register.inclusion_tag("components/directory_home.html", takes_context=True)
def directory_home_sections(context):
    from directory.services import home_sections

    request = context.get("request")
    locale = Locale.get_active()
    sections = home_sections(locale.pk)
    if request is not None and sections["directory"] is not None:
        request._directory_index = (locale.pk, sections["directory"])
    return {"request": request, **sections}


@register.filter
def join_labels(items):
    """Join choices or names as the active language lists them: 广州、佛山 or Guangzhou, Foshan."""
    separator = ", " if (get_language() or "").startswith("en") else "、"
    return separator.join(
        str(getattr(item, "label", None) or getattr(item, "name", item)) for item in items
    )
