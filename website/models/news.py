"""News: announcements and case studies (典型案例) with their feeds."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from website.blocks import CONTENT_BLOCKS
from website.feeds import NewsAtomFeed, NewsFeed
from website.fragment_cache import context_builder, lazy_context
from website.models.pages import BasePage
from website.models.settings import SiteSettings


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
        return self.render(
            request,
            context_overrides={
                # Computed only when the content is rendered, not when its fragment is stored.
                **lazy_context(news_listing, self, category, request.GET.get("page", 1)),
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


@context_builder("news", "paginator")
def news_listing(index, category, number):
    paginator = Paginator(index.get_news(category), index.page_size)
    try:
        news_page = paginator.page(number)
    except (PageNotAnInteger, EmptyPage):
        news_page = paginator.page(1)
    return {"news": news_page, "paginator": paginator}


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
