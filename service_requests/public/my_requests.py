""" "My requests" (我的需求), public side: prove control of an email or mobile number with a
one-time code, then a short session of its own (``SESSION_KEY``, ``SESSION_MINUTES``) that lists
the contact's requests and lets the enterprise write, withdraw, reopen and answer its survey.

Nothing here is cached (``private``); every request is looked up through the contact of the
session, so another enterprise's reference is a 404; what the visitor is told after giving a
contact never depends on whether it has requests."""

from datetime import timedelta
from functools import wraps

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from service_requests import access_codes, data_rights, drafts, my_requests, ratelimit
from service_requests.services.states import TransitionError
from website.http import private

SESSION_KEY = "my_requests"
PENDING_KEY = "my_requests_pending"
SESSION_MINUTES = 30


class ContactForm(forms.Form):
    contact = forms.CharField(
        label=gettext_lazy("Email address or mobile phone number"),
        help_text=gettext_lazy("The one you gave in your requests. We send a one-time code."),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Enter your email address or mobile number.")},
    )

    def clean_contact(self):
        contact = drafts.normalize_contact(self.cleaned_data["contact"])
        if not contact:
            raise forms.ValidationError(
                _("Enter an email address like name@example.com or a mobile number.")
            )
        return contact


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("One-time code"),
        help_text=gettext_lazy("6 digits, valid for 10 minutes."),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "input-width-10",
            }
        ),
        error_messages={"required": gettext_lazy("Enter the code we sent you.")},
    )


class ReasonForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Enter your message or reason.")},
    )


def _url(page, request, name, **kwargs):
    return page.get_url(request=request) + page.reverse_subpage(name, kwargs=kwargs or None)


def _render(request, page, template, context=None, status=200):
    return TemplateResponse(
        request,
        f"service_requests/my_requests/{template}.html",
        {
            "page": page,
            "self": page,
            "logout_url": _url(page, request, "my_requests_logout"),
            **(context or {}),
        },  # fmt: skip
        status=status,
    )


def session_contact(request):
    """The contact of a live "my requests" session, else ``""``."""
    data = request.session.get(SESSION_KEY) or {}
    if not data or data.get("until", 0) < timezone.now().timestamp():
        return ""
    return data.get("contact", "")


def signed_in(view):
    @wraps(view)
    def wrapper(page, request, *args, **kwargs):
        contact = session_contact(request)
        if not contact:
            request.session.pop(SESSION_KEY, None)
            return HttpResponseRedirect(_url(page, request, "my_requests"))
        return view(page, request, contact, *args, **kwargs)

    return private(wrapper)


@private
def start(page, request):
    """Ask for the contact and send a code (if allowed); always the same next page."""
    if session_contact(request):
        return HttpResponseRedirect(_url(page, request, "my_requests_list"))
    form = ContactForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "code"):
            return ratelimit.too_many_requests(request, page, "code")
        if form.is_valid():
            contact = form.cleaned_data["contact"]
            if access_codes.contact_allowed(contact):
                access_codes.issue(contact, translation.get_language())
            request.session[PENDING_KEY] = contact
            return HttpResponseRedirect(_url(page, request, "my_requests_code"))
    return _render(request, page, "start", {"form": form})


@private
def enter_code(page, request):
    contact = request.session.get(PENDING_KEY)
    if not contact:
        return HttpResponseRedirect(_url(page, request, "my_requests"))
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "code"):
            return ratelimit.too_many_requests(request, page, "code")
        if form.is_valid():
            if access_codes.verify(contact, form.cleaned_data["code"]):
                request.session.cycle_key()
                request.session.pop(PENDING_KEY, None)
                until = timezone.now() + timedelta(minutes=SESSION_MINUTES)
                request.session[SESSION_KEY] = {"contact": contact, "until": until.timestamp()}
                return HttpResponseRedirect(_url(page, request, "my_requests_list"))
            form.add_error(
                "code",
                _("The code is wrong or has expired. Check it, or ask for a new code."),
            )
    start_url = _url(page, request, "my_requests")
    return _render(
        request, page, "code", {"form": form, "contact": contact, "start_url": start_url}
    )


@signed_in
def request_list(page, request, contact):
    service_requests = list(
        my_requests.requests_for(contact)
        .select_related("survey")
        .only(
            "reference",
            "state",
            "submitted_at",
            "first_response_due",
            "resolution_due",
            "enterprise_name",
            "survey__responded_at",
            "survey__token",
        )  # fmt: skip
    )
    return _render(request, page, "list", {"service_requests": service_requests})


@signed_in
def request_detail(page, request, contact, reference):
    service_request = my_requests.get_for(contact, reference)
    if service_request is None:
        raise Http404
    form = ReasonForm(request.POST or None)
    action = request.POST.get("action", "")
    if request.method == "POST" and action in ("message", "withdraw", "reopen"):
        if form.is_valid():
            text = form.cleaned_data["text"]
            try:
                if action == "message":
                    my_requests.send_message(service_request, text)
                    messages.success(request, _("Your message has been sent."))
                elif action == "withdraw":
                    my_requests.withdraw(service_request, text)
                    messages.success(request, _("Your request has been withdrawn."))
                else:
                    my_requests.reopen(service_request, text)
                    messages.success(request, _("Your request has been reopened."))
            except TransitionError:
                messages.error(request, _("This is no longer possible for this request."))
            return HttpResponseRedirect(_url(page, request, "my_request", reference=reference))
    survey = getattr(service_request, "survey", None)
    return _render(
        request,
        page,
        "detail",
        {
            "service_request": service_request,
            "events": list(service_request.events.filter(is_public=True).prefetch_related("files")),
            "milestones": list(service_request.milestones.all()),
            "plan": getattr(service_request, "plan", None),
            "elements": service_request.localized_elements(),
            "form": form,
            "action": action,
            "may_withdraw": my_requests.may_withdraw(service_request),
            "may_reopen": my_requests.may_reopen(service_request),
            "survey_url": survey.get_url(absolute=False)
            if survey and not survey.is_answered
            else "",
        },
    )


@signed_in
def export(page, request, contact):
    """Everything held about the contact's requests, as a ZIP (PIPL Art. 45)."""
    content, _requests = data_rights.export_zip(contact)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-requests.zip"'
    return response


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I ask for the personal data of all my requests to be erased. Open requests will "
            "be withdrawn."
        ),
        error_messages={"required": gettext_lazy("Confirm that you want your data erased.")},
    )


@signed_in
def erase(page, request, contact):
    """Ask for erasure (PIPL Art. 47): a coordinator decides; the enterprise is told by email."""
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data_rights.ask_erasure(contact, form.cleaned_data["reason"], translation.get_language())
        messages.success(
            request,
            _("We have received your request to erase your data. We confirm by email when done."),
        )
        return HttpResponseRedirect(_url(page, request, "my_requests_list"))
    return _render(request, page, "erase", {"form": form})


@private
def logout(page, request):
    if request.method == "POST":
        request.session.pop(SESSION_KEY, None)
        request.session.pop(PENDING_KEY, None)
        request.session.cycle_key()
        messages.info(request, _("You have signed out of your requests."))
    return HttpResponseRedirect(_url(page, request, "my_requests"))
