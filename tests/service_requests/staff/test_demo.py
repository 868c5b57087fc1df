"""``load_demo`` creates the staff users and spreads the demo requests so that each of the two
demo inboxes has requests the other cannot see; running it twice changes nothing."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from service_requests.models import Milestone, ProviderEngagement, ServiceRequest
from service_requests.permissions import is_coordinator, visible_requests


def test_demo_staff_users_and_spread(client, locales):
    call_command("load_demo", stdout=StringIO())
    counts = (
        ServiceRequest.objects.count(),
        Milestone.objects.count(),
        ProviderEngagement.objects.count(),
    )
    call_command("load_demo", stdout=StringIO())
    assert counts == (
        ServiceRequest.objects.count(),
        Milestone.objects.count(),
        ProviderEngagement.objects.count(),
    )
    assert counts[1] and counts[2]

    users = get_user_model().objects.in_bulk(
        ["inbox-metrology", "inbox-testing", "coordinator"], field_name="username"
    )
    metrology = set(visible_requests(users["inbox-metrology"]))
    testing = set(visible_requests(users["inbox-testing"]))
    assert metrology - testing and testing - metrology
    assert is_coordinator(users["coordinator"])
    assert set(visible_requests(users["coordinator"])) == set(ServiceRequest.objects.all())

    assert client.login(username="inbox-metrology", password="changeme")
    # The dozen current demo requests (the year of report history, QI-H…, runs to many pages):
    # each is found by its reference exactly when the metrology inbox may see it.
    current = {sr for sr in metrology | testing if not sr.reference.startswith("QI-H")}
    assert current & metrology and current - metrology
    for sr in current:
        html = client.get("/admin/requests/", {"q": sr.reference}).content.decode()
        assert (f'href="/admin/requests/{sr.pk}/"' in html) == (sr in metrology), sr.reference
    assert client.get("/admin/").status_code == 200
