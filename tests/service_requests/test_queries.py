"""Query bounds on every request page at two data sizes, and of a whole submission."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from service_requests import services
from service_requests.factories import make_submission
from service_requests.models import ServiceRequest
from tests.service_requests.conftest import (
    CONTACT,
    ENTERPRISE,
    NEEDS,
    PDF,
    parse_form,
    send_request,
    upload,
)

pytestmark = pytest.mark.django_db

# Per page view; the final POST does the most (routing, reference, rows, delivery log).
STEP_BOUND = 20
FINAL_POST_BOUND = 35
# 192: the per-element SLA targets (request handling settings) are read once at submission and
# once on the confirmation page. 194: the report statistics row is written (insert, then keys).
SUBMISSION_BOUND = 194


def _more_data(count, staff_user):
    """``count`` more requests with events, more routing rules and inboxes."""
    from directory.models import Element
    from service_requests.models import Inbox, RoutingRule

    for number in range(count):
        service_request, _ = services.submit_request(
            make_submission(f"bulk-{number}", ["metrology", "testing", "ip"])
        )
        services.transition(service_request, "accepted", actor=staff_user)
    for city in ("shenzhen", "foshan", "dongguan"):
        inbox = Inbox.objects.create(code=f"extra-{city}", name=city)
        for element in Element.objects.filter(locale__language_code="zh-hans"):
            RoutingRule.objects.create(element=element, city=city, inbox=inbox)


def _walk_counting(client, prefix=""):
    """Every GET and POST of a full submission; returns [(label, queries)]."""
    counts = []

    def request(label, method, url, data=None):
        with CaptureQueriesContext(connection) as queries:
            response = (
                getattr(client, method)(url, data)
                if data is not None
                else getattr(client, method)(url)
            )
        counts.append((label, len(queries)))
        return response

    request("start", "get", f"{prefix}/request/start/")
    steps = [
        ("enterprise", ENTERPRISE),
        ("needs", NEEDS),
        ("files", {"files-upload": [upload("a.pdf", PDF)]}),
        ("contact", CONTACT),
        ("check", {}),
    ]
    for step, values in steps:
        page = request(f"GET {step}", "get", f"{prefix}/request/{step}/")
        assert page.status_code == 200, step
        data = {**parse_form(page.content.decode()).hidden, **values}
        response = request(f"POST {step}", "post", f"{prefix}/request/{step}/", data)
        assert response.status_code in (302, 303), (step, response.status_code)
    request("confirmation", "get", f"{prefix}/request/submitted/")
    return counts


@pytest.mark.parametrize("size", [0, 30])
def test_a_whole_submission_is_bounded(client, request_page, staff_user, size):
    if size:
        _more_data(size, staff_user)
    client.get("/request/start/")  # warm per-process caches (site root, content types)
    counts = _walk_counting(client)
    total = sum(n for _, n in counts)
    for label, queries in counts:
        bound = FINAL_POST_BOUND if label == "POST check" else STEP_BOUND
        assert queries <= bound, (label, queries, counts)
    assert total <= SUBMISSION_BOUND, (total, counts)
    assert ServiceRequest.objects.filter(submission_token__startswith="bulk").count() == size


@pytest.mark.parametrize("size", [0, 30])
def test_public_request_pages_are_bounded(
    client, request_page, staff_user, size, django_assert_max_num_queries
):
    send_request(client, "/en")
    mine = ServiceRequest.objects.get()
    services.transition(mine, "accepted", actor=staff_user, note="ok")
    services.transition(mine, "awaiting_enterprise", actor=staff_user, note="more please")
    if size:
        _more_data(size, staff_user)
        for number in range(size):
            mine.events.create(kind="note", note=f"internal {number}")
    urls = [
        "/request/",
        "/en/request/",
        "/en/request/track/",
        mine.get_tracking_url(absolute=False),
        "/en/request/submitted/",
    ]
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(STEP_BOUND):
            assert client.get(url).status_code == 200, url
