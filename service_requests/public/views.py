"""Public views served by ``ServiceRequestPage``'s routes (the wizard itself is in ``wizard.py``):
the start page, the confirmation, tracking and the satisfaction survey. Save and return
(``drafts.py``) and "my requests" (``my_requests.py``) have modules of their own.

Every view that shows a form or a request is kept out of caches (CSRF tokens, personal data).
A wrong tracking or survey token is a plain 404 that does not say whether the reference exists.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from service_requests import ratelimit, services, sla
from service_requests.models import SatisfactionSurvey, ServiceRequest
from service_requests.public import consent_views, drafts, my_requests, prefill, tracking_forms
from service_requests.public.questionnaire import questionnaire_view
from service_requests.public.wizard import (
    PREFILL_KEY,
    SUBMITTED_SESSION_KEY,
    TOKEN_KEY,
    RequestWizardView,
)
from website.http import private

# Views of the page's routes kept in their own modules (``ServiceRequestPage`` reaches them here).
ROUTED_MODULES = (drafts, my_requests)

START_QUERY_PARAMETERS = ("element", "service", "provider", "solution")


def _render(request, page, template, context=None, status=200):
    return TemplateResponse(
        request,
        template,
        {"page": page, "self": page, **(context or {})},
        status=status,
    )


def _subpage_url(page, request, name, *args, **kwargs):
    return page.get_url(request=request) + page.reverse_subpage(
        name, args=args or None, kwargs=kwargs or None
    )


def start_page(page, request, preview=False):
    """The start page: what the service is, what to have ready, and the start button. It keeps
    no session and no CSRF token, so it can be cached like any other page."""
    query = request.GET.copy()
    kept = {name: query.getlist(name) for name in START_QUERY_PARAMETERS if name in query}
    start_url = _subpage_url(page, request, "start")
    if kept:
        start_url += "?" + urlencode(kept, doseq=True)
    asked_about = prefill.describe(prefill.from_query(request.GET)) if kept else []
    request.is_preview = preview
    context = page.get_context(request)
    context.update({"start_url": start_url, "asked_about": asked_about})
    return TemplateResponse(request, page.get_template(request), context)


def wizard_step(page, request, step):
    """One step of the request form (the django-formtools wizard)."""
    return RequestWizardView.as_page_view(page)(request, step=step)


def _wizard_storage(page, request):
    return RequestWizardView.storage_for(page, request)


@private
def start_wizard(page, request):
    """Enter the form: apply a prefill from the query, then go to where the user left off
    (``?reset`` starts again with empty answers)."""
    storage = _wizard_storage(page, request)
    token = storage.extra_data.get(TOKEN_KEY)
    if "reset" in request.GET or (
        token and ServiceRequest.objects.filter(submission_token=token).exists()
    ):
        storage.reset()
    new = prefill.from_query(request.GET)
    if new:
        extra = storage.extra_data
        extra[PREFILL_KEY] = prefill.merge(extra.get(PREFILL_KEY), new)
        storage.extra_data = extra
        _merge_into_stored_needs(storage, new)
    step = storage.current_step or "enterprise"
    response = HttpResponseRedirect(_subpage_url(page, request, "step", step=step))
    storage.update_response(response)
    return response


def _merge_into_stored_needs(storage, new):
    """When the needs step is already answered, add the preselection to the stored answers."""
    data = storage.get_step_data("needs")
    if data is None:
        return
    data = dict(data.lists())
    initial = prefill.needs_initial(new)
    for name, values in initial.items():
        key = f"needs-{name}"
        values = values if isinstance(values, list) else [values]
        if name in ("elements", "services"):
            data[key] = list(dict.fromkeys([*data.get(key, []), *map(str, values)]))
        elif not any(data.get(key, [])):
            data[key] = [str(v) for v in values]
    storage.set_step_data("needs", data)


@private
def submitted(page, request):
    """The confirmation: reference, expected first response, private tracking link. Shown from
    the session, so a refresh or a replayed POST shows the same page."""
    reference = request.session.get(SUBMITTED_SESSION_KEY)
    service_request = (
        ServiceRequest.objects.filter(reference=reference).first() if reference else None
    )
    if service_request is None:
        return HttpResponseRedirect(page.get_url(request=request))
    elements = service_request.localized_elements()
    return _render(
        request,
        page,
        "service_requests/submitted.html",
        {
            "service_request": service_request,
            "tracking_url": service_request.get_tracking_url(absolute=False, page=page),
            "elements": elements,
            "first_response_days": sla.targets_for(elements).first_response_days,
        },
    )


@private
def track_lookup(page, request):
    """Find a request by reference and access code (for people without the link)."""
    form = tracking_forms.TrackingLookupForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "track"):
            return ratelimit.too_many_requests(request, page, "track")
        if form.is_valid():
            service_request = services.find_for_tracking(
                form.cleaned_data["reference"], form.cleaned_data["token"]
            )
            if service_request is not None:
                return HttpResponseRedirect(
                    service_request.get_tracking_url(absolute=False, page=page)
                )
            form.add_error(
                None,
                _(
                    "We could not find a request with this reference number and access code. "
                    "Check both and try again."
                ),
            )
    return _render(request, page, "service_requests/track_lookup.html", {"form": form})


@private
def track(page, request, reference, token):
    """Status and public timeline of one request; the enterprise answers here when staff are
    waiting for information. Nothing internal is shown."""
    if not ratelimit.hit(request, "track"):
        return ratelimit.too_many_requests(request, page, "track")
    service_request = services.find_for_tracking(reference, token)
    if service_request is None:
        raise Http404
    if service_request.merged_into_id:
        # Merged as a duplicate: the case carries on under the surviving request.
        survivor = service_request.merged_into
        return HttpResponseRedirect(survivor.get_tracking_url(absolute=False, page=page))
    consent_answer = consent_views.handle(page, request, service_request)
    if isinstance(consent_answer, HttpResponseRedirect):
        return consent_answer
    form = None
    if service_request.enterprise_may_add_information:
        posted = consent_answer is None and request.method == "POST"
        form = tracking_forms.EnterpriseInformationForm(
            request.POST if posted else None, request.FILES if posted else None, request=request
        )
        if posted and form.is_valid():
            try:
                services.add_enterprise_information(
                    service_request,
                    text=form.cleaned_data["information"],
                    files=form.cleaned_data["upload"],
                )
            except services.NotAwaitingInformation:
                pass
            else:
                messages.success(request, _("Thank you. We have received your information."))
            return HttpResponseRedirect(service_request.get_tracking_url(absolute=False, page=page))
    events = list(service_request.events.filter(is_public=True).prefetch_related("files"))
    awaiting_note = ""
    if service_request.enterprise_may_add_information:
        # The question staff asked: the note of the change into "awaiting information".
        asked = [e for e in events if e.to_state == service_request.state]
        awaiting_note = asked[-1].note if asked else ""
    return _render(
        request,
        page,
        "service_requests/track.html",
        {
            "service_request": service_request,
            "events": events,
            "elements": service_request.localized_elements(),
            "form": form,
            "awaiting_note": awaiting_note,
            **consent_views.context(service_request, consent_answer),
        },
    )


def survey(page, request, reference, token):
    """The one-time satisfaction survey of a resolved request."""
    return questionnaire_view(
        request,
        SatisfactionSurvey,
        reference,
        token,
        form_class=tracking_forms.SurveyForm,
        record=services.record_survey_response,
        template="service_requests/survey",
        page=page,
    )
