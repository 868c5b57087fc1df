"""Extra routes of station pages served by other apps (the QR poster and 扫码评价 rating of
``service_requests``), registered at start-up so that the directory never imports them."""

from django.http import Http404

_views = {}


def register(name, view):
    """Serve ``<station>/<route>/`` named ``name`` with ``view(station, request)``."""
    _views[name] = view


def serve(name, station, request):
    view = _views.get(name)
    if view is None:
        raise Http404
    return view(station, request)
