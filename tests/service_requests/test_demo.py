"""The demo: the request page in both languages, inboxes and rules, a dozen requests."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from service_requests.models import Inbox, RoutingRule, ServiceRequest, ServiceRequestPage

pytestmark = pytest.mark.django_db


def demo_requests():
    """The dozen hand-written requests, without the year of report history (``QI-H…``)."""
    return ServiceRequest.objects.exclude(reference__startswith="QI-H")


def test_load_demo_builds_the_request_side_once(locales):
    call_command("load_demo", stdout=StringIO())
    first = list(demo_requests().order_by("reference").values_list("reference", "state"))
    call_command("load_demo", stdout=StringIO())
    assert list(demo_requests().order_by("reference").values_list("reference", "state")) == first

    assert ServiceRequestPage.objects.live().count() == 2
    assert {p.locale.language_code for p in ServiceRequestPage.objects.all()} == {"zh-hans", "en"}
    codes = set(Inbox.objects.values_list("code", flat=True))
    assert codes == {
        "metrology",
        "standards",
        "certification",
        "testing",
        "quality-management",
        "extended",
    }
    assert RoutingRule.objects.count() == 7
    assert all(inbox.group_id for inbox in Inbox.objects.all())

    assert len(first) == 12
    states = Counter(state for _, state in first)
    assert len(states) >= 6 and states["submitted"] >= 2
    metrology = set(
        ServiceRequest.objects.filter(inboxes__code="metrology").values_list("pk", flat=True)
    )
    testing = set(
        ServiceRequest.objects.filter(inboxes__code="testing").values_list("pk", flat=True)
    )
    assert metrology - testing and testing - metrology  # each inbox has requests the other lacks
    assert ServiceRequest.objects.filter(language="en").exists()
    for service_request in ServiceRequest.objects.all():
        assert service_request.events.filter(kind="submitted").exists()
        assert service_request.first_response_due


def test_demo_pages_render(client, locales):
    call_command("load_demo", stdout=StringIO())
    from wagtail.models import Site as WagtailSite

    site = WagtailSite.objects.get(is_default_site=True)
    site.hostname, site.port = "testserver", 80
    site.save()
    for path in ("/request/", "/en/request/"):
        assert client.get(path).status_code == 200
    awaiting = demo_requests().get(state="awaiting_enterprise")
    page = client.get(awaiting.get_tracking_url(absolute=False)).content.decode()
    assert 'name="information"' in page
