"""The public pages of a station served for the directory (``directory.station_routes``): the
printable poster with its two QR codes, and the short 5-level rating of a visit (扫码评价)."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from service_requests import ratelimit, stations
from service_requests.public import prefill
from service_requests.public.tracking_forms import SurveyForm


class StationRatingForm(SurveyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].label = _("Overall, how satisfied are you with your visit?")
        self.fields["comment"].label = _("Anything we should know? (optional)")


def poster_urls(station, request):
    """Absolute URLs of the poster's two QR codes."""
    submit = prefill.start_url(request, station=stations.sign_station(station)) or ""
    rate = station.get_full_url(request).rstrip("/") + "/" + station.reverse_subpage("rate")
    return {"submit": request.build_absolute_uri(submit) if submit else "", "rate": rate}


def poster(station, request):
    urls = poster_urls(station, request)
    context = {
        "page": station,
        "self": station,
        "submit_url": urls["submit"],
        "rate_url": urls["rate"],
        "submit_qr": stations.qr_svg(urls["submit"], _("QR code: submit a request here"))
        if urls["submit"]
        else "",
        "rate_qr": stations.qr_svg(urls["rate"], _("QR code: rate your visit")),
    }
    return TemplateResponse(request, "service_requests/stations/poster.html", context)


def rate(station, request):
    form = StationRatingForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(request, "rate"):
            return ratelimit.too_many_requests(request, station, "rate")
        if form.is_valid():
            stations.record_rating(
                station,
                form.cleaned_data["score"],
                form.cleaned_data.get("comment") or "",
                language=get_language(),
            )
            return HttpResponseRedirect(
                station.get_url(request=request) + station.reverse_subpage("rate_thanks")
            )
    return TemplateResponse(
        request,
        "service_requests/stations/rate.html",
        {"page": station, "self": station, "form": form},
    )


def rate_thanks(station, request):
    return TemplateResponse(
        request, "service_requests/stations/rate_thanks.html", {"page": station, "self": station}
    )
