"""What an application process does once it has loaded, before it serves anything.

Python's cyclic garbage collector walks every tracked object of the oldest generation when it
collects it. A process with Django, Wagtail and our apps loaded holds several hundred thousand of
them (modules, classes, functions, URL patterns, templates), none of which ever becomes garbage,
and a full collection over them paused a request for 180–220 ms once every few dozen pages
(measured in ``bench/requests_listing.py``: a p95 of 250–340 ms on pages whose p50 was 60–110
ms). ``gc.freeze()`` moves what is alive after start-up to a permanent generation the collector
no longer walks, so a full collection looks only at what requests left behind.
"""

import gc


def settle_heap():
    """Load what the first request would (the URLconf and the view modules it imports), then
    freeze every object alive now out of the collector's way."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and every view module
    gc.collect()
    gc.freeze()
