"""Site-wide CMS models: the user, image and document models, the abstract base page, the home
page, generic content pages and the site settings."""

import json

from django.contrib.auth.models import AbstractUser
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page
from wagtail.search import index

from website.blocks import CONTENT_BLOCKS
from website.feeds import NewsAtomFeed, NewsFeed


class User(AbstractUser):
    """The platform's user, swappable from the first migration so fields can be added later
    without a painful migration (staff phone numbers, provider links)."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"


class CustomImage(AbstractImage):
    """Images carry a default alternative text that blocks and pages fall back to."""

    default_alt_text = models.CharField(
        _("default alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Describes the image for screen readers wherever no other text is given."),
    )

    admin_form_fields = Image.admin_form_fields + ("default_alt_text",)

    @property
    def alt(self):
        return self.default_alt_text or self.title


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CustomDocument(AbstractDocument):
    """Documents are the official PDFs of policies and guides; a language tag lets the page say
    when a file is only available in Chinese."""

    language = models.CharField(
        _("language of the file"),
        max_length=10,
        blank=True,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
    )

    admin_form_fields = Document.admin_form_fields + ("language",)


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


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details shown in the header and footer.

    Wagtail settings are per site, not per locale, so the few texts that differ by language keep
    an English twin; ``localized`` picks the one for the active language.
    """

    platform_name = models.CharField(
        _("platform name"), max_length=120, default="质量基础设施一站式服务平台"
    )
    platform_name_en = models.CharField(
        _("platform name (English)"),
        max_length=120,
        default="Quality Infrastructure One-Stop Service Platform",
    )
    hotline = models.CharField(_("hotline"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=250, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=120, blank=True)
    office_hours_en = models.CharField(_("office hours (English)"), max_length=120, blank=True)
    icp_number = models.CharField(
        _("ICP licence number"),
        max_length=60,
        blank=True,
        help_text=_("The 备案号 shown in the footer, e.g. 粤ICP备12345678号."),
    )
    icp_url = models.URLField(
        _("ICP register link"), blank=True, default="https://beian.miit.gov.cn/"
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("platform_name"), FieldPanel("platform_name_en")], heading=_("Name")
        ),
        MultiFieldPanel(
            [
                FieldPanel("hotline"),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("address_en"),
                FieldPanel("office_hours"),
                FieldPanel("office_hours_en"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel([FieldPanel("icp_number"), FieldPanel("icp_url")], heading=_("Footer")),
    ]

    class Meta:
        verbose_name = _("site settings")

    def localized(self, field):
        if (get_language() or "").startswith("en"):
            return getattr(self, f"{field}_en", "") or getattr(self, field)
        return getattr(self, field)

    @property
    def name(self):
        return self.localized("platform_name")

    @property
    def localized_address(self):
        return self.localized("address")

    @property
    def localized_office_hours(self):
        return self.localized("office_hours")


class NewsCategory(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")
    CASE_STUDY = "case-study", _("Case study")


class NewsIndexPage(RoutablePageMixin, BasePage):
    """Announcements and case studies (典型案例), newest first, with RSS and Atom feeds."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["website.NewsPage"]
    parent_page_types = ["website.HomePage"]
    max_count_per_parent = 1
    page_size = 10

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    def get_news(self, category=None):
        news = (
            NewsPage.objects.live()
            .public()
            .child_of(self)
            .select_related("image")
            .order_by("-date", "-pk")
        )
        if category:
            news = news.filter(category=category)
        return news

    @path("")
    def index(self, request):
        category = request.GET.get("category", "")
        if category not in NewsCategory.values:
            category = ""
        paginator = Paginator(self.get_news(category), self.page_size)
        try:
            news_page = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            news_page = paginator.page(1)
        return self.render(
            request,
            context_overrides={
                "news": news_page,
                "paginator": paginator,
                "category": category,
                "categories": NewsCategory.choices,
            },
        )

    @path("feed/rss/", name="rss")
    def rss(self, request):
        return NewsFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom(self, request):
        return NewsAtomFeed(self)(request)


class NewsPage(BasePage):
    """One announcement or case study. The date is editorial (when it happened), not the
    publication timestamp, so back-dated case studies sort correctly."""

    date = models.DateField(_("date"))
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=NewsCategory.choices,
        default=NewsCategory.ANNOUNCEMENT,
    )
    summary = models.TextField(_("summary"), max_length=400)
    image = models.ForeignKey(
        "website.CustomImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(CONTENT_BLOCKS, verbose_name=_("body"), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("category"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("category"),
        index.FilterField("date"),
    ]
    parent_page_types = ["website.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news page")
        verbose_name_plural = _("news pages")

    def get_meta_description(self):
        return self.search_description or self.summary

    def get_structured_data(self, request=None):
        return {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "datePublished": self.date.isoformat(),
            "description": self.summary,
            "inLanguage": self.locale.language_code,
            "url": self.get_full_url(request),
            "publisher": {
                "@type": "GovernmentOrganization",
                "name": SiteSettings.for_request(request).name if request else self.title,
            },
        }


class WorkingDayOverride(models.Model):
    """One day whose status coordinators set by hand; it beats the holiday library in
    ``website.workdays``. Used to enter next year's official schedule (holidays and adjusted
    working days) as soon as the State Council publishes it, and local closures.

    Not translatable on purpose: a date is the same day in every language, and one row must give
    one answer for SLA dates whatever language a request came in."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        default=False,
        help_text=_(
            "Ticked: a working day (e.g. an adjusted working Saturday). "
            "Not ticked: a day off (e.g. a holiday)."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Why, e.g. “National Day holiday” or “adjusted working day”."),
    )

    panels = [FieldPanel("date"), FieldPanel("is_working_day"), FieldPanel("note")]

    class Meta:
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"
