"""A sitemap covering every language tree, not only the active one."""

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page


class Sitemap(WagtailSitemap):
    """Wagtail's sitemap lists the root's descendants in the active language only; a bilingual
    site must list both trees so search engines find the English pages too."""

    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True)
        pages = Page.objects.none()
        for root in roots:
            pages |= Page.objects.descendant_of(root, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()
