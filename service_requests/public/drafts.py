"""Save and return, public side (``drafts`` is the domain): where to send the link, the link
itself, and the page that re-issues a spent or expired link. Every answer about a contact is the
same whether or not a saved form exists for it."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

from service_requests import drafts, ratelimit
from service_requests.consent import notice_version
from service_requests.public.my_requests import ContactForm
from service_requests.public.wizard import (
    DRAFT_KEY,
    PREFILL_KEY,
    TOKEN_KEY,
    UPLOADS_KEY,
    RequestWizardView,
)
from website.http import private


class DraftContactForm(ContactForm):
    """Where the saved form's link goes: an email address, or a mobile number by SMS."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].help_text = _(
            "We send you a link to your saved answers. It works once."
        )


def _render(request, page, template, context=None, status=200):
    return TemplateResponse(
        request,
        f"service_requests/drafts/{template}.html",
        {"page": page, "self": page, **(context or {})},
        status=status,
    )


def _url(page, request, name, absolute=False, **kwargs):
    base = page.get_full_url(request=request) if absolute else page.get_url(request=request)
    return base + page.reverse_subpage(name, kwargs=kwargs or None)


def _link_for(page, request):
    def url_for(draft, token):
        return _url(page, request, "resume_draft", absolute=True, token=token)

    return url_for


@private
def save_draft(page, request):
    """Where to send the link to the answers kept so far."""
    storage = RequestWizardView.storage_for(page, request)
    extra = storage.extra_data
    if not extra.get(TOKEN_KEY):
        return HttpResponseRedirect(_url(page, request, "start"))
    step = storage.current_step or "enterprise"
    form = DraftContactForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "draft"):
            return ratelimit.too_many_requests(request, page, "draft")
        if form.is_valid():
            draft, token = drafts.save(
                page=page,
                language=translation.get_language(),
                submission_token=extra[TOKEN_KEY],
                step_data=storage.data[storage.step_data_key],
                current_step=step,
                uploads=extra.get(UPLOADS_KEY, []),
                prefill=extra.get(PREFILL_KEY) or {},
                contact=form.cleaned_data["contact"],
                notice_version=notice_version(page),
            )
            drafts.queue_link(draft, token, _link_for(page, request)(draft, token))
            return _render(request, page, "sent", {"contact": draft.contact, "draft": draft})
    return _render(
        request,
        page,
        "save",
        {
            "form": form,
            "back_url": _url(page, request, "step", step=step),
            "days": drafts.draft_days(),
        },
    )


@private
def resume_draft(page, request, token):
    """The one-time link: a button to continue (a GET spends nothing, so mail scanners that
    follow links do not use it up); the POST restores the answers into a new session."""
    if request.method == "POST":
        if not ratelimit.hit(request, "draft"):
            return ratelimit.too_many_requests(request, page, "draft")
        draft = drafts.spend(token)
        if draft is not None:
            return _restore(page, request, draft)
    elif drafts.find(token) is not None:
        return _render(request, page, "resume", {})
    context = {"form": DraftContactForm(), "action": _reissue_url(page, request)}
    return _render(request, page, "expired", context, status=404)


def _reissue_url(page, request):
    return _url(page, request, "reissue_draft")


def _restore(page, request, draft):
    request.session.cycle_key()
    storage = RequestWizardView.storage_for(page, request)
    storage.reset()
    step_data = draft.step_data
    if not drafts.consent_is_current(draft, page):
        step_data = drafts.without_consents(step_data)
        messages.warning(
            request,
            _(
                "Our privacy notice has changed since you saved your answers. Read it again "
                "and answer the consent questions before you send the request."
            ),
        )
    for step, data in step_data.items():
        storage.set_step_data(step, data)
    storage.extra_data = {
        TOKEN_KEY: draft.submission_token,
        UPLOADS_KEY: draft.uploads,
        PREFILL_KEY: draft.prefill,
        DRAFT_KEY: True,
    }
    step = draft.current_step or "enterprise"
    storage.current_step = step
    messages.success(request, _("Your saved answers are back. Carry on where you left off."))
    response = HttpResponseRedirect(_url(page, request, "step", step=step))
    storage.update_response(response)
    return response


@private
def reissue_draft(page, request):
    """A new link for a spent or expired one: the same answer whether or not a form was saved
    with this contact (nothing tells who uses the service)."""
    form = DraftContactForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "draft"):
            return ratelimit.too_many_requests(request, page, "draft")
        if form.is_valid():
            drafts.reissue(form.cleaned_data["contact"], _link_for(page, request))
            return _render(request, page, "sent", {"contact": form.cleaned_data["contact"]})
    return _render(request, page, "expired", {"form": form, "action": _reissue_url(page, request)})
