"""The directory index (/services/) with its element landing routes, and solutions."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from directory.models.base import DirectoryPage
from website.fragment_cache import lazy_context
from website.index_pages import IndexPage
from website.models import BasePage


class DirectoryIndexPage(RoutablePageMixin, IndexPage):
    """/services/: every service with combinable filters, and ``element/<code>/`` landing routes.

    Elements are snippets, not pages, so their landing pages are routes of this page: editors keep
    one place for the directory and the element URLs stay stable in both languages.
    """

    subpage_types = ["directory.SolutionPage"]

    class Meta:
        verbose_name = _("directory index page")
        verbose_name_plural = _("directory index pages")

    def serve(self, request, *args, **kwargs):
        # Element badges on this page link to routes of this page: spare them a lookup.
        request._directory_index = (self.locale_id, self)
        return super().serve(request, *args, **kwargs)

    @path("")
    def index_route(self, request):
        from directory.services import service_listing

        context = lazy_context(service_listing, self, request)
        return self.render(request, context_overrides=context)

    @path("element/<slug:code>/", name="element")
    def element_route(self, request, code):
        from directory.models.elements import Element
        from directory.services import element_landing

        element = Element.objects.filter(code=code, locale_id=self.locale_id).first()
        if element is None:
            raise Http404
        return self.render(
            request,
            context_overrides={
                **lazy_context(element_landing, self, element, request),
                "element": element,
                "element_url": self.element_url(element, request),
            },
            template="directory/element_page.html",
        )

    def element_url(self, element, request=None):
        return self.get_url(request) + self.reverse_subpage(
            "element", kwargs={"code": element.code}
        )


class SolutionPage(DirectoryPage):
    """A curated bundle of services across elements and providers for one common need
    (服务协同 made visible). Steps are ordered and each explains why that service comes then."""

    need = models.TextField(
        _("who it is for"), blank=True, help_text=_("The situation of the enterprises it helps.")
    )
    body = RichTextField(_("explanation"), blank=True)
    featured = models.BooleanField(_("feature on the home page"), default=False)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("need"),
        FieldPanel("body"),
        InlinePanel("steps", heading=_("Steps"), label=_("step"), min_num=1),
    ]
    promote_panels = BasePage.promote_panels + [FieldPanel("featured")]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("need"),
        index.SearchField("body"),
        index.RelatedFields(
            "steps", [index.SearchField("title"), index.SearchField("explanation")]
        ),
        index.FilterField("locale_id"),
        index.FilterField("featured"),
    ]
    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")

    def save(self, *args, **kwargs):
        from directory.services import localize_solution_steps

        localize_solution_steps(self)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from directory.services import solution_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(lazy_context(solution_detail, self))
        return context

    def get_structured_data(self, request=None):
        from directory.services import solution_steps

        url = self.get_full_url(request)
        steps = []
        for position, step in enumerate(solution_steps(self), start=1):
            item = {
                "@type": "HowToStep",
                "position": position,
                "name": step.heading,
                "text": step.explanation or step.heading,
            }
            if step.service is not None:
                item["url"] = step.service.get_full_url(request)
            steps.append(item)
        return {
            "@context": "https://schema.org",
            "@type": "HowTo",
            "name": self.title,
            "url": url,
            "description": self.summary,
            "inLanguage": self.locale.language_code,
            "step": steps,
        }


class SolutionStep(TranslatableMixin, Orderable):
    """One step of a solution: a service and why it comes at this point."""

    page = ParentalKey(SolutionPage, on_delete=models.CASCADE, related_name="steps")
    service = models.ForeignKey(
        "directory.ServicePage",
        verbose_name=_("service"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(
        _("step title"),
        max_length=120,
        blank=True,
        help_text=_("Leave empty to use the service's name."),
    )
    explanation = models.TextField(_("explanation"), blank=True)

    panels = [
        PageChooserPanel("service", page_type="directory.ServicePage"),
        FieldPanel("title"),
        FieldPanel("explanation"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("solution step")
        verbose_name_plural = _("solution steps")

    def __str__(self):
        return self.heading

    @property
    def heading(self):
        if self.title:
            return self.title
        return self.service.title if self.service_id and self.service else ""
