"""The public page of a one-time questionnaire reached from an email (the satisfaction survey,
continuous improvement's impact follow-up): one flow and one free-text answer for both.

Never cached, never indexed; a wrong token is a plain 404 that does not say whether the reference
exists; an answered questionnaire says so (410); answers are rate-limited like tracking lookups.
"""

from django import forms
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from service_requests import ratelimit


def questionnaire_comment(label):
    """The optional free-text answer of a questionnaire: the same bound, help and error in
    every questionnaire, under the question ``label``."""
    return forms.CharField(
        label=label,
        help_text=_("Optional. Do not include personal details. Up to 2000 characters."),
        required=False,
        max_length=2000,
        error_messages={"max_length": _("Your comment must be 2000 characters or fewer.")},
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
    )


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
