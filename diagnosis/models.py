"""The questionnaire page and the anonymous record of each helper's progress."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField

from diagnosis.blocks import MAX_QUESTIONS, MIN_QUESTIONS, QuestionBlock
from website.models import BasePage


def _views():
    """The helper's views, imported when a route is served (they import this module)."""
    from diagnosis import views

    return views


class DiagnosisPage(RoutablePageMixin, BasePage):
    """A 质量诊断 questionnaire: a few questions, one per page, ending in recommended solutions
    and services with their reasons and a button that starts a prefilled request.

    ``/<slug>/`` introduction · ``question/<n>/`` one question · ``check/`` the answers with
    change links · ``result/`` the recommendations · ``request/`` starts the request form.
    """

    intro = models.TextField(
        _("introduction"), max_length=600, help_text=_("Who the helper is for and what it does.")
    )
    questions = StreamField(
        [("question", QuestionBlock())],
        verbose_name=_("questions"),
        min_num=MIN_QUESTIONS,
        max_num=MAX_QUESTIONS,
        use_json_field=True,
    )
    result_intro = models.TextField(_("text above the recommendations"), max_length=600, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("questions"),
        FieldPanel("result_intro"),
    ]
    parent_page_types = ["website.HomePage", "directory.DirectoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("quality diagnosis questionnaire")
        verbose_name_plural = _("quality diagnosis questionnaires")

    def get_meta_description(self):
        return self.search_description or self.intro

    def question_list(self):
        """The questions as plain values, in order."""
        return [block.value for block in self.questions if block.block_type == "question"]

    # --- routes ------------------------------------------------------------------------------
    @path("")
    def index_route(self, request):
        return _views().intro(self, request)

    @path("question/<int:number>/", name="question")
    def question_route(self, request, number):
        return _views().question(self, request, number)

    @path("check/", name="check")
    def check_route(self, request):
        return _views().check(self, request)

    @path("result/", name="result")
    def result_route(self, request):
        return _views().result(self, request)

    @path("request/", name="start_request")
    def start_request_route(self, request):
        return _views().start_request(self, request)

    @path("restart/", name="restart")
    def restart_route(self, request):
        return _views().restart(self, request)

    def serve_preview(self, request, mode_name):
        return _views().intro(self, request)


class DiagnosisSession(models.Model):
    """One run of a helper, for the reports: when it was started (first answer), completed
    (recommendations shown) and turned into a request (the request form was sent). Nothing
    about who ran it is kept."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    questionnaire_key = models.UUIDField(
        _("questionnaire"), help_text=_("Translation key of the questionnaire page.")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    request_started_at = models.DateTimeField(_("request form opened at"), null=True, blank=True)
    converted_at = models.DateTimeField(_("request sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("diagnosis run")
        verbose_name_plural = _("diagnosis runs")
        indexes = [models.Index(fields=["started_at"], name="diagnosis_started_idx")]

    def __str__(self):
        return str(self.key)
