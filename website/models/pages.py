"""The abstract base of every public page, the home page and generic content pages."""

import json

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from website.blocks import CONTENT_BLOCKS


class BasePage(Page):
    """Abstract base of every public page: promote panels with a sharing image, and the hook
    ``get_structured_data`` that each page type overrides with its schema.org object."""

    og_image = models.ForeignKey(
        "website.CustomImage",
        verbose_name=_("sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared; 1200×630 works best."),
    )

    promote_panels = [
        MultiFieldPanel(Page.promote_panels, heading=_("Common page configuration")),
        FieldPanel("og_image"),
    ]

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or ""

    def get_structured_data(self, request=None):
        """Return the schema.org object (a dict) describing this page."""
        return {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": self.seo_title or self.title,
            "url": self.get_full_url(request),
            "inLanguage": self.locale.language_code,
            "description": self.get_meta_description(),
        }

    def get_structured_data_json(self, request=None):
        # ``</`` is escaped so text typed by editors cannot close the script element.
        return json.dumps(
            self.get_structured_data(request), ensure_ascii=False, default=str
        ).replace("</", "<\\/")


class HomePage(BasePage):
    """The root of each language tree. Sections for elements, services, policies and news are
    filled by those apps' template tags so this model stays small."""

    hero_title = models.CharField(_("hero title"), max_length=120)
    hero_intro = models.TextField(_("hero introduction"), max_length=400, blank=True)
    hero_image = models.ForeignKey(
        "website.CustomImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(
        CONTENT_BLOCKS, verbose_name=_("additional sections"), blank=True, use_json_field=True
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_intro"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_structured_data(self, request=None):
        site_url = self.get_full_url(request)
        return {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "name": self.title,
            "url": site_url,
            "description": self.hero_intro,
            "areaServed": {"@type": "AdministrativeArea", "name": "广东省"},
        }


class StandardPage(BasePage):
    """About, guides, privacy policy, terms: an introduction and a body of shared blocks."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)
    body = StreamField(CONTENT_BLOCKS, verbose_name=_("body"), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    subpage_types = ["website.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def get_meta_description(self):
        return self.search_description or self.intro
