"""Template tags shared by every page: navigation, language switcher, ``hreflang`` alternates."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from website import fragment_cache
from website.models import NewsIndexPage

register = template.Library()


def _home_for_active_locale(request):
    """The site's root page in the active language, looked up once per request."""
    if request is None:
        return None
    language = get_language()
    cached = getattr(request, "_localized_home", None)
    if cached and cached[0] == language:
        return cached[1]
    site = Site.find_for_request(request)
    home = None
    if site is not None:
        root = site.root_page
        locale = Locale.get_active()
        home = root if root.locale_id == locale.pk else root.get_translation_or_none(locale) or root
    request._localized_home = (language, home)
    return home


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home page's children that editors marked "show in menus", in the active language:
    dicts of ``title``, ``url`` and ``url_path``, built once per language and content change."""
    request = context.get("request")

    def build():
        home = _home_for_active_locale(request)
        if home is None:
            return []
        children = home.get_children().live().in_menu().only("title", "url_path", "locale_id")
        return [
            {"title": child.title, "url": child.get_url(request), "url_path": child.url_path}
            for child in children
        ]

    return fragment_cache.cached(request, "main-menu", [], build)


@register.simple_tag(takes_context=True)
def home_url(context):
    request = context.get("request")

    def build():
        home = _home_for_active_locale(request)
        return home.url if home else "/"

    return fragment_cache.cached(request, "home-url", [], build)


def _route_suffix(request, page):
    """The part of the address below a routable page, e.g. ``needs/`` of ``/request/needs/``,
    so the switcher keeps the visitor on the same route of the translated page."""
    if request is None or getattr(request, "routable_resolver_match", None) is None:
        return ""
    base = page.get_url(request) or ""
    if not base or not request.path.startswith(base) or request.path == base:
        return ""
    query = request.META.get("QUERY_STRING", "")
    return request.path[len(base) :] + (f"?{query}" if query else "")


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per site language: the translation of the current page where it exists (on the
    same route of a routable page), else the same URL in the other language (non-page views),
    else that language's home page."""
    request = context.get("request")
    page = context.get("page") or context.get("self")
    if not isinstance(page, Page) or not page.pk or request is None:
        return _language_links(request, page)
    vary = [page.pk, request.get_full_path()]
    return fragment_cache.cached(
        request, "language-links", vary, lambda: _language_links(request, page)
    )


def _language_links(request, page):
    current = get_language()
    translations = {}
    if isinstance(page, Page) and page.pk:
        suffix = _route_suffix(request, page)
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            url = translation.get_url(request)
            translations[translation.locale.language_code] = url + suffix if url else url
    links = []
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page) and page.pk:
            url = translations.get(code)
            available = url is not None
            if not available:
                # No translation yet: offer that language's home page rather than a dead end.
                url = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
        else:
            url = translate_url(request.get_full_path(), code) if request else None
            available = True
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "available": available,
                "current": code == current,
            }
        )
    return links


@register.filter
def absolute(url, request):
    if not url:
        return ""
    if url.startswith("http"):
        return url
    return request.build_absolute_uri(url) if request else url


@register.simple_tag(takes_context=True)
def latest_news(context, count=3):
    """The newest news items under the active language's home page."""
    home = _home_for_active_locale(context.get("request"))
    if home is None:
        return None, []
    news_index = NewsIndexPage.objects.live().child_of(home).first()
    if news_index is None:
        return None, []
    return news_index, list(news_index.get_news()[:count])


class FragmentCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on, page):
        self.nodelist, self.name, self.vary_on, self.page = nodelist, name, vary_on, page

    def render(self, context):
        request = context.get("request")
        if self.page is not None and not fragment_cache.is_content_page(self.page.resolve(context)):
            return self.nodelist.render(context)
        vary = [value.resolve(context) for value in self.vary_on]
        render = lambda: self.nodelist.render(context)  # noqa: E731
        return fragment_cache.cached(request, self.name, vary, render)


@register.tag("fragment_cache")
def do_fragment_cache(parser, token):
    """``{% fragment_cache "name" value… [for page] %}…{% endfragment_cache %}``: the enclosed
    markup, stored per site, language, content generation and the given values (see
    ``website.fragment_cache``); with ``for page``, only on pages of the content apps."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a fragment name.")
    page = None
    if len(bits) >= 4 and bits[-2] == "for":
        page = parser.compile_filter(bits[-1])
        bits = bits[:-2]
    nodelist = parser.parse(("endfragment_cache",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    return FragmentCacheNode(nodelist, name, vary_on, page)
