"""The abstract base of a section's index page (/services/, /providers/, /stations/,
/policies/): one per language under the home page, an introduction, and a listing of its section
marked up as a schema.org ``CollectionPage``."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from website.models import BasePage


class IndexPage(BasePage):
    """A section's listing. Subclasses name their ``subpage_types`` and put what the listing
    shows in ``listing_context``."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    parent_page_types = ["website.HomePage"]
    max_count_per_parent = 1
    page_size = 20

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or self.intro

    def listing_context(self, request):
        """What the listing shows for ``request`` (filters, a page of results)."""
        return {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.listing_context(request))
        return context

    def get_structured_data(self, request=None):
        data = super().get_structured_data(request)
        data["@type"] = "CollectionPage"
        return data
