"""The policy library's index page: listing, filters and feeds."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from website.fragment_cache import lazy_context
from website.index_pages import IndexPage


class PolicyIndexPage(RoutablePageMixin, IndexPage):
    """The policy library (/policies/): the filterable listing of its ``PolicyPage`` children and
    the RSS and Atom feeds, overall and per element, in the language of the page."""

    subpage_types = ["policies.PolicyPage"]

    class Meta:
        verbose_name = _("policy index page")
        verbose_name_plural = _("policy index pages")

    def listing_context(self, request):
        from policies.filters import policy_listing

        return lazy_context(policy_listing, self, request.GET)

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request):
        return self._feed(request, "rss")

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request):
        return self._feed(request, "atom")

    @path("feed/element/<slug:code>/rss/", name="element_feed_rss")
    def element_feed_rss(self, request, code):
        return self._feed(request, "rss", code)

    @path("feed/element/<slug:code>/atom/", name="element_feed_atom")
    def element_feed_atom(self, request, code):
        return self._feed(request, "atom", code)

    def _feed(self, request, feed_format, element_code=None):
        from policies.feeds import policy_feed_response

        element = None
        if element_code is not None:
            element = self.get_element(element_code)
            if element is None:
                raise Http404
        return policy_feed_response(request, self, feed_format, element)

    def get_element(self, code):
        """The element ``code`` in this page's language (or, untranslated, in any language)."""
        from directory.models import Element

        candidates = {e.locale_id: e for e in Element.objects.filter(code=code)}
        return candidates.get(self.locale_id) or next(iter(candidates.values()), None)

    def feed_url(self, feed_format, element_code=None, request=None):
        if element_code:
            name, kwargs = f"element_feed_{feed_format}", {"code": element_code}
        else:
            name, kwargs = f"feed_{feed_format}", {}
        return self.get_url(request) + self.reverse_subpage(name, kwargs=kwargs)
