"""The page that hosts the request form, the confirmation, tracking and the survey."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail_localize.fields import SynchronizedField

from website.models import BasePage

WIZARD_STEPS = ("enterprise", "needs", "files", "contact", "check")
STEP_PATTERN = r"^(?P<step>" + "|".join(WIZARD_STEPS) + r")/$"


def _public_views():
    """The views of the page's routes (the public side). Imported when a route is served, not
    when this module loads: Django imports models while it registers the apps, before the forms
    and views of the public side (which query models at import) can load, and the domain must
    not depend on the public side. The one import of the domain that is written in a function.
    """
    from service_requests.public import views  # app loading: see the docstring

    return views


class ServiceRequestPage(RoutablePageMixin, BasePage):
    """The request service (提出服务需求). Editors own the texts around the form; the form itself
    is a django-formtools wizard served from this page's routes, so it keeps the page's
    translated URL, privacy settings and preview:

    ``/request/`` start page · ``/request/<step>/`` the steps · ``/request/submitted/`` the
    confirmation · ``/request/track/<reference>/`` tracking · ``/request/survey/…`` satisfaction.
    """

    intro = RichTextField(
        _("introduction"),
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Shown on the start page: who can ask for what, and what it costs."),
    )
    before_you_start = RichTextField(
        _("before you start"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("What to have ready, e.g. the unified social credit code."),
    )
    privacy_notice = RichTextField(
        _("privacy notice"),
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Shown next to the consent question: what is collected and why."),
    )
    privacy_notice_version = models.CharField(
        _("privacy notice version"),
        max_length=20,
        default="1",
        help_text=_(
            "Raise it (e.g. 2026-12) whenever the notice changes in substance: every consent "
            "records the version the enterprise saw, and consents given to an earlier version "
            "are asked for again."
        ),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    next_steps = RichTextField(
        _("what happens next"),
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Shown on the confirmation page after a request is submitted."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("before_you_start"),
        MultiFieldPanel(
            [
                FieldPanel("privacy_notice"),
                FieldPanel("privacy_notice_version"),
                FieldPanel("privacy_page"),
            ],
            heading=_("Privacy"),
        ),
        FieldPanel("next_steps"),
    ]

    # One version across translations: the Chinese and English notices change together.
    override_translatable_fields = [SynchronizedField("privacy_notice_version", overridable=False)]

    parent_page_types = ["website.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("service request page")
        verbose_name_plural = _("service request pages")

    def get_meta_description(self):
        return self.search_description or _(
            "Tell the platform once what quality services your enterprise needs."
        )

    def get_structured_data(self, request=None):
        url = self.get_full_url(request)
        return {
            "@context": "https://schema.org",
            "@type": "GovernmentService",
            "name": self.title,
            "url": url,
            "inLanguage": self.locale.language_code,
            "description": str(self.get_meta_description()),
            "areaServed": {"@type": "AdministrativeArea", "name": "广东省"},
            "serviceType": str(_("Quality infrastructure one-stop service")),
            "availableChannel": {"@type": "ServiceChannel", "serviceUrl": url},
        }

    def get_step_url(self, step):
        return self.url + self.reverse_subpage("step", kwargs={"step": step})

    # --- routes ------------------------------------------------------------------------------
    @path("")
    def index_route(self, request):
        return _public_views().start_page(self, request)

    @path("start/", name="start")
    def start_route(self, request):
        return _public_views().start_wizard(self, request)

    @re_path(STEP_PATTERN, name="step")
    def step_route(self, request, step):
        return _public_views().wizard_step(self, request, step)

    @path("submitted/", name="submitted")
    def submitted_route(self, request):
        return _public_views().submitted(self, request)

    @path("track/", name="track_lookup")
    def track_lookup_route(self, request):
        return _public_views().track_lookup(self, request)

    @path("track/<str:reference>/", name="track")
    def track_route(self, request, reference):
        return _public_views().track(self, request, reference, request.GET.get("token", ""))

    @path("track/<str:reference>/<str:token>/", name="track_with_token")
    def track_with_token_route(self, request, reference, token):
        return _public_views().track(self, request, reference, token)

    @path("survey/<str:reference>/<str:token>/", name="survey")
    def survey_route(self, request, reference, token):
        return _public_views().survey(self, request, reference, token)

    @path("save/", name="save_draft")
    def save_draft_route(self, request):
        return _public_views().drafts.save_draft(self, request)

    @path("resume/", name="reissue_draft")
    def reissue_draft_route(self, request):
        return _public_views().drafts.reissue_draft(self, request)

    @path("resume/<str:token>/", name="resume_draft")
    def resume_draft_route(self, request, token):
        return _public_views().drafts.resume_draft(self, request, token)

    @path("mine/", name="my_requests")
    def my_requests_route(self, request):
        return _public_views().my_requests.start(self, request)

    @path("mine/code/", name="my_requests_code")
    def my_requests_code_route(self, request):
        return _public_views().my_requests.enter_code(self, request)

    @path("mine/requests/", name="my_requests_list")
    def my_requests_list_route(self, request):
        return _public_views().my_requests.request_list(self, request)

    @path("mine/requests/<str:reference>/", name="my_request")
    def my_request_route(self, request, reference):
        return _public_views().my_requests.request_detail(self, request, reference)

    @path("mine/export/", name="my_requests_export")
    def my_requests_export_route(self, request):
        return _public_views().my_requests.export(self, request)

    @path("mine/erase/", name="my_requests_erase")
    def my_requests_erase_route(self, request):
        return _public_views().my_requests.erase(self, request)

    @path("mine/logout/", name="my_requests_logout")
    def my_requests_logout_route(self, request):
        return _public_views().my_requests.logout(self, request)

    def serve_preview(self, request, mode_name):
        # The preview shows the start page; it must never enter the live form.
        return _public_views().start_page(self, request, preview=True)
