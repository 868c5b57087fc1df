"""The public page of a one-time questionnaire reached from an email (the satisfaction survey,
continuous improvement's impact follow-up): one flow for both.

Never cached, never indexed; a wrong token is a plain 404 that does not say whether the reference
exists; an answered questionnaire says so (410); answers are rate-limited like tracking lookups.
"""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from service_requests import ratelimit


def questionnaire_view(
    request, model, reference, token, *, form_class, record, template, page=None
):
    """Answer the questionnaire of ``model`` (a ``Questionnaire``) for the request ``reference``.

    ``record(questionnaire, **cleaned_data)`` stores the answer and returns ``False`` when it was
    already answered. ``template`` is the name without ``.html``; ``_answered`` and ``_thanks``
    are appended for the other two pages. ``page`` defaults to the request's own request page."""
    questionnaire = model.find(reference, token)
    if questionnaire is None:
        raise Http404
    page = page or questionnaire.request.get_request_page()

    def render(suffix, context=None, status=200):
        response = TemplateResponse(
            request,
            f"{template}{suffix}.html",
            {"page": page, "self": page, "questionnaire": questionnaire, **(context or {})},
            status=status,
        )
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response

    if questionnaire.is_answered:
        return render("_answered", status=410)
    form = form_class(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "track"):
            return ratelimit.too_many_requests(request, page, "track")
        if form.is_valid():
            if record(questionnaire, **form.cleaned_data):
                return render("_thanks")
            return render("_answered", status=410)
    return render(
        "",
        {"form": form, "service_request": questionnaire.request},
        400 if form.errors else 200,
    )
