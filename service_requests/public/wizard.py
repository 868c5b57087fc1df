"""The request form: a django-formtools named-URL session wizard served by ``ServiceRequestPage``.

Traps handled here (see ``notes/request-wizard.md``):

- Step URLs are built from the page's own URL (``get_step_url``), not reversed through the URLconf.
- The session key is per page *translation* (``get_prefix``): a user who switches language in the
  middle keeps the answers, because every stored value is language-neutral (element codes, choice
  values, uploads).
- Files are kept by this wizard, not by formtools (which holds one file per field and cannot drop
  a file once chosen): each upload is checked, saved under a private temporary prefix and listed
  in the wizard's extra data, where the user can remove it. ``done`` hands them to
  ``services.submit_request``, which copies them into the private request storage.
- ``done`` runs on the final POST itself (no redirect to a "done" URL that a GET would replay),
  and a submission token stored with the request makes that POST idempotent: a double click, a
  refresh or a replay lands on the same confirmation.
"""

import logging
import posixpath
import uuid

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from formtools.wizard.storage import get_storage
from formtools.wizard.storage.session import SessionStorage
from formtools.wizard.views import NamedUrlSessionWizardView, WizardView

from service_requests import drafts, ratelimit, services
from service_requests.models import ServiceRequest
from service_requests.public import forms, prefill
from service_requests.public.summary import wizard_summary
from service_requests.storage import WIZARD_UPLOADS_PREFIX, private_storage

logger = logging.getLogger(__name__)

SUBMITTED_SESSION_KEY = "service_requests_submitted"
UPLOADS_KEY = "uploads"
TOKEN_KEY = "submission_token"
PREFILL_KEY = "prefill"
DRAFT_KEY = "saved"  # the answers were saved for later (save and return): a draft may exist


class RequestWizardStorage(SessionStorage):
    """Session storage that also deletes this wizard's own temporary uploads on reset."""

    def reset(self):
        for upload in self.data.get(self.extra_data_key, {}).get(UPLOADS_KEY, []):
            self._tmp_files.append(upload["tmp_name"])
        super().reset()


class RequestWizardView(NamedUrlSessionWizardView):
    page = None  # the ServiceRequestPage serving the wizard (``as_view`` needs the attribute)
    storage_name = "service_requests.public.wizard.RequestWizardStorage"
    file_storage = private_storage
    form_list = [
        ("enterprise", forms.EnterpriseForm),
        ("needs", forms.NeedsForm),
        ("files", forms.FilesForm),
        ("contact", forms.ContactForm),
        ("check", forms.CheckForm),
    ]

    @classmethod
    def as_page_view(cls, page):
        return cls.as_view(page=page, url_name="service_request_step", done_step_name="done")

    @classmethod
    def storage_for(cls, page, request):
        """The wizard storage of ``page`` in ``request``'s session, outside the wizard's views."""
        prefix = cls(page=page).get_prefix(request)
        return get_storage(cls.storage_name, prefix, request, cls.file_storage)

    # --- wiring into the page ------------------------------------------------------------------
    def get_prefix(self, request, *args, **kwargs):
        return f"service_request_{self.page.translation_key}"

    def get_step_url(self, step):
        return self.page_url() + self.page.reverse_subpage("step", kwargs={"step": step})

    def page_url(self):
        return self.page.get_url(request=self.request)

    def subpage_url(self, name, **kwargs):
        return self.page_url() + self.page.reverse_subpage(name, kwargs=kwargs or None)

    def get_template_names(self):
        return [f"service_requests/wizard/{self.steps.current}.html"]

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        # Every step carries a CSRF token and personal answers: never cache it anywhere.
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response

    def ensure_submission_token(self):
        extra = self.storage.extra_data
        if not extra.get(TOKEN_KEY):
            extra[TOKEN_KEY] = uuid.uuid4().hex
            self.storage.extra_data = extra
        return extra[TOKEN_KEY]

    def uploads(self):
        return list(self.storage.extra_data.get(UPLOADS_KEY, []))

    def _choices(self):
        """Choices of the needs step, looked up once per request."""
        if not hasattr(self, "_choices_cache"):
            stored = self.storage.extra_data.get(PREFILL_KEY)
            self._choices_cache = {
                "element_choices": forms.element_choices(),
                "service_choices": prefill.service_choices(stored),
                "provider_choices": prefill.provider_choices(),
            }
        return self._choices_cache

    # --- forms ---------------------------------------------------------------------------------
    def get_form_kwargs(self, step=None):
        if step == "needs":
            return dict(self._choices())
        if step == "files":
            stored = self.uploads()
            return {
                "existing_uploads": len(stored),
                "existing_bytes": sum(upload["size"] for upload in stored),
                "request": self.request,
            }
        return {}

    def get_form_initial(self, step):
        if step == "needs":
            return prefill.needs_initial(self.storage.extra_data.get(PREFILL_KEY))
        if step == "check":
            return {"submission_token": self.ensure_submission_token()}
        return {}

    def process_step_files(self, form):
        if self.steps.current != "files":
            return super().process_step_files(form)
        self.store_uploads(form.cleaned_data.get("upload") or [])
        return {}

    def store_uploads(self, files):
        extra = self.storage.extra_data
        stored = list(extra.get(UPLOADS_KEY, []))
        folder = posixpath.join(WIZARD_UPLOADS_PREFIX, self.ensure_submission_token())
        for uploaded in files:
            kind = uploaded.kind
            name = f"{folder}/{uuid.uuid4().hex}.{kind.extension}"
            tmp_name = private_storage.save(name, uploaded)
            stored.append(
                {
                    "id": uuid.uuid4().hex[:12],
                    "tmp_name": tmp_name,
                    "name": posixpath.basename(uploaded.name or "")[:200] or name,
                    "size": uploaded.size,
                    "content_type": kind.content_type,
                    "label": kind.label,
                }
            )
        extra = self.storage.extra_data
        extra[UPLOADS_KEY] = stored
        self.storage.extra_data = extra

    def remove_upload(self, upload_id):
        extra = self.storage.extra_data
        keep, removed = [], []
        for upload in extra.get(UPLOADS_KEY, []):
            (removed if upload["id"] == upload_id else keep).append(upload)
        for upload in removed:
            private_storage.delete(upload["tmp_name"])
        extra[UPLOADS_KEY] = keep
        self.storage.extra_data = extra
        return removed

    # --- flow ----------------------------------------------------------------------------------
    def first_incomplete_step(self, before):
        """The first step before ``before`` whose answers are missing or no longer valid."""
        for step in self.get_form_list():
            if step == before:
                return None
            if self.get_cleaned_data_for_step(step) is None:
                return step
        return None

    def get(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if step in self.get_form_list():
            missing = self.first_incomplete_step(step)
            if missing:
                self.storage.current_step = missing
                return HttpResponseRedirect(self.get_step_url(missing))
        self.ensure_submission_token()
        return super().get(request, *args, **kwargs)

    def post(self, *args, **kwargs):
        step = kwargs.get("step")
        if self.request.POST.get("save_draft") and step in self.get_form_list():
            return self.save_for_later(step)
        posted_token = self.request.POST.get("check-submission_token", "")
        if step == "check" and posted_token:
            existing = ServiceRequest.objects.filter(submission_token=posted_token).first()
            if existing is not None:
                return self.replayed(existing)
        if step == "files" and self.request.POST.get("remove"):
            self.storage.current_step = "files"
            if self.remove_upload(self.request.POST["remove"]):
                messages.info(self.request, _("The file has been removed."))
            return HttpResponseRedirect(self.get_step_url("files"))
        if step in self.get_form_list() and step != self.steps.current:
            # The posted page is the truth (several tabs, back button): validate that step.
            self.storage.current_step = step
        if step == "check" and not ratelimit.allow(self.request, "submit"):
            return ratelimit.too_many_requests(self.request, self.page, "submit")
        return super().post(*args, **kwargs)

    def save_for_later(self, step):
        """ "Save and continue later": keep this step's answers as typed (checked again when the
        form is reopened) and ask where to send the link."""
        self.ensure_submission_token()
        if step == "files" and self.request.FILES:
            form = self.get_form(step, data=self.request.POST, files=self.request.FILES)
            if form.is_valid():  # files chosen with the save button are kept too
                self.store_uploads(form.cleaned_data.get("upload") or [])
        if step != "check":
            posted = {
                name: self.request.POST.getlist(name)
                for name in self.request.POST
                if name.startswith(f"{step}-")
            }
            self.storage.set_step_data(step, posted)
        self.storage.current_step = step
        self.storage.extra_data = {**self.storage.extra_data, DRAFT_KEY: True}
        return HttpResponseRedirect(self.subpage_url("save_draft"))

    def render_next_step(self, form, **kwargs):
        step = self.steps.current
        if step == "files" and self.request.POST.get("action") == "upload":
            # "Upload" keeps the user on the files step to add more or remove one.
            return HttpResponseRedirect(self.get_step_url("files"))
        if (
            self.request.POST.get("return_to") == "check"
            and self.first_incomplete_step("check") is None
        ):
            self.storage.current_step = "check"
            return HttpResponseRedirect(self.get_step_url("check"))
        return super().render_next_step(form, **kwargs)

    def render_done(self, form, **kwargs):
        # Run ``done`` in this POST instead of redirecting to a "done" URL a GET would replay.
        return WizardView.render_done(self, form, **kwargs)

    def render_revalidation_failure(self, failed_step, form, **kwargs):
        messages.error(self.request, _("Some answers need checking before you send the request."))
        return super().render_revalidation_failure(failed_step, form, **kwargs)

    def done(self, form_list, form_dict=None, **kwargs):
        data = {}
        for step, form in form_dict.items():
            data[step] = form.cleaned_data
        submission = services.Submission.from_wizard(
            data,
            uploads=self.uploads(),
            prefill=self.storage.extra_data.get(PREFILL_KEY) or {},
            page=self.page,
            is_spam=form_dict["contact"].honeypot_tripped,
        )
        saved = bool(self.storage.extra_data.get(DRAFT_KEY))
        service_request, created = drafts.submit(submission, saved=saved)
        if created:
            ratelimit.hit(self.request, "submit")
        return self.remember_and_confirm(service_request)

    def replayed(self, service_request):
        """A final POST that already created a request: forget the answers, show it again."""
        self.storage.reset()
        return self.remember_and_confirm(service_request)

    def remember_and_confirm(self, service_request):
        self.request.session[SUBMITTED_SESSION_KEY] = service_request.reference
        response = HttpResponseRedirect(self.subpage_url("submitted"))
        response.status_code = 303
        return response

    # --- templates -----------------------------------------------------------------------------
    def step_titles(self):
        return {name: form_class.title for name, form_class in self.get_form_list().items()}

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        step = self.steps.current
        steps = list(self.get_form_list())
        index = steps.index(step)
        previous = steps[index - 1] if index else None
        context.update(
            {
                "page": self.page,
                "self": self.page,
                "step": step,
                "step_number": index + 1,
                "step_count": len(steps),
                "step_title": form.title,
                "back_url": self.get_step_url(previous) if previous else self.page_url(),
                "reset_url": self.subpage_url("start") + "?reset=1",
                "return_to": "check" if self.request.GET.get("return") == "check" else "",
                "uploads": self.uploads(),
                "max_files": forms.validators.MAX_FILES,
            }
        )
        if step == "check":
            context["answers"] = self.answers()
        return context

    def answers(self):
        """The summary of the check-answers page: one section per step, each row with a change
        link back to its step."""
        cleaned = {
            step: self.get_cleaned_data_for_step(step) or {} for step in self.get_form_list()
        }
        choices = self._choices()
        return wizard_summary(
            cleaned,
            uploads=self.uploads(),
            choices={name: dict(values) for name, values in choices.items()},
            change_url=lambda step, field: (
                f"{self.get_step_url(step)}?return=check#id_{step}-{field}"
            ),
            titles=self.step_titles(),
        )
