"""The enterprise's one-time impact follow-up questionnaire (服务成效), reached from its email.

Like the satisfaction survey: never cached, a wrong token is a plain 404 that does not say
whether the reference exists, an answered questionnaire says so (410).
"""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from service_requests import ratelimit
from service_requests.reports import services
from service_requests.reports.forms import ImpactFollowUpForm
from service_requests.reports.models import ImpactFollowUp


def _render(request, follow_up, template, context, status=200):
    page = follow_up.request.get_request_page()
    response = TemplateResponse(
        request,
        f"service_requests/reports/{template}",
        {"page": page, "follow_up": follow_up, **context},
        status=status,
    )
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def impact_follow_up(request, reference, token):
    follow_up = (
        ImpactFollowUp.objects.select_related("request")
        .filter(request__reference=reference)
        .first()
    )
    if follow_up is None or not follow_up.check_token(token):
        ImpactFollowUp(token="x" * 32).check_token(token)
        raise Http404
    if follow_up.is_answered:
        return _render(request, follow_up, "follow_up_answered.html", {}, 410)
    form = ImpactFollowUpForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "track"):
            page = follow_up.request.get_request_page()
            return ratelimit.too_many_requests(request, page, "track")
        if form.is_valid():
            recorded = services.record_follow_up(follow_up, **form.cleaned_data)
            if not recorded:
                return _render(request, follow_up, "follow_up_answered.html", {}, 410)
            return _render(request, follow_up, "follow_up_thanks.html", {})
    return _render(
        request,
        follow_up,
        "follow_up.html",
        {"form": form, "service_request": follow_up.request},
        400 if form.errors else 200,
    )
