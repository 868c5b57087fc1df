"""The triage listing: filters, search, sorting, counts per state, bulk assign and bulk state
change (legal only), CSV/XLSX export, and query counts that stay flat as requests grow."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from service_requests import engagements, services
from service_requests.choices import RequestState
from service_requests.models import ServiceRequest
from service_requests.staff import listing


def _refs(response):
    html = response.content.decode()
    return {sr.reference for sr in ServiceRequest.objects.all() if sr.reference in html}


@pytest.fixture
def spread(make_request, metrology_staff):
    a = make_request(["metrology"], "accepted", city="shenzhen", name="深圳计量")
    b = make_request(["testing"], "in_progress", name="广州检测")
    c = make_request(["metrology", "testing"], name="联合需求")
    a.assigned_to = metrology_staff
    a.priority = "urgent"
    a.save()
    ServiceRequest.objects.filter(pk=c.pk).update(submitted_at=timezone.now() - timedelta(days=40))
    return a, b, c


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=accepted", "a"),
        ("state=accepted&state=submitted", "ac"),
        ("city=shenzhen", "a"),
        ("priority=urgent", "a"),
        ("mine=on", "a"),
        ("open=on", "abc"),
        ("q=深圳计量", "a"),
        ("q=联合", "c"),
    ],
    ids=["state", "states", "city", "priority", "mine", "open", "search-name", "search-text"],
)
def test_filters_and_search(client, coordinator, metrology_staff, spread, query, expected):
    by_letter = dict(zip("abc", spread, strict=True))
    user = metrology_staff if query == "mine=on" else coordinator
    client.force_login(user)
    response = client.get(f"/admin/requests/?{query}")
    assert response.status_code == 200
    wanted = {by_letter[letter].reference for letter in expected}
    assert _refs(response) == wanted


def test_only_ticked_boxes_are_active_filters(client, coordinator, spread):
    client.force_login(coordinator)
    plain = client.get("/admin/requests/").content.decode()
    pill = 'data-w-active-filter-id="id_'  # one per active filter
    assert pill not in plain
    ticked = client.get("/admin/requests/?overdue=on&open=on").content.decode()
    assert ticked.count(pill) == 2


def test_filters_by_relation_and_date(client, coordinator, inboxes, spread):
    a, b, c = spread
    client.force_login(coordinator)
    by_inbox = _refs(client.get(f"/admin/requests/?inbox={inboxes['testing'].pk}"))
    assert by_inbox == {b.reference, c.reference}
    element = a.elements.get()
    assert _refs(client.get(f"/admin/requests/?element={element.pk}")) == {a.reference, c.reference}
    assert _refs(client.get(f"/admin/requests/?assigned_to={a.assigned_to_id}")) == {a.reference}
    since = (timezone.localdate() - timedelta(days=5)).isoformat()
    assert _refs(client.get(f"/admin/requests/?submitted_at_from={since}")) == {
        a.reference,
        b.reference,
    }


def test_search_by_reference_and_uscc(client, coordinator, spread):
    a, _b, _c = spread
    client.force_login(coordinator)
    assert _refs(client.get(f"/admin/requests/?q={a.reference}")) == {a.reference}
    assert _refs(client.get(f"/admin/requests/?q={a.uscc}")) == {a.reference}
    results = client.get(f"/admin/requests/results/?q={a.reference}")
    assert results.status_code == 200 and a.reference in results.content.decode()


def test_search_is_bounded(client, coordinator, spread, monkeypatch):
    """Reference, USCC and the beginning of the name find a request of any age; any part of a
    text only among the newest (``SEARCH_WINDOW``, here the two newest: a and b)."""
    monkeypatch.setattr(listing, "SEARCH_WINDOW", 2)
    a, b, c = spread  # c was submitted 40 days ago
    client.force_login(coordinator)
    assert _refs(client.get(f"/admin/requests/?q={c.reference.lower()}")) == {c.reference}
    assert _refs(client.get(f"/admin/requests/?q={c.uscc}")) == {c.reference}
    assert _refs(client.get("/admin/requests/?q=联合")) == {c.reference}
    # "需求" is in every description and inside c's name: found among the newest only.
    assert _refs(client.get("/admin/requests/?q=需求")) == {a.reference, b.reference}


def test_sorting(client, coordinator, spread):
    a, b, c = spread
    client.force_login(coordinator)
    html = client.get("/admin/requests/?ordering=submitted_at").content.decode()
    assert html.index(c.reference) < html.index(a.reference)
    html = client.get("/admin/requests/?ordering=-submitted_at").content.decode()
    assert html.index(c.reference) > html.index(b.reference)


def test_filter_choices_reveal_only_own_inboxes(client, metrology_staff, inboxes, spread):
    client.force_login(metrology_staff)
    form = client.get("/admin/requests/").context["filters"].form
    assert list(form.fields["inbox"].queryset) == [inboxes["metrology"]]


def test_counts_per_state(client, metrology_staff, spread):
    client.force_login(metrology_staff)
    counts = {
        row["state"]: row["count"] for row in client.get("/admin/requests/").context["state_counts"]
    }
    # a (accepted) and c (submitted, involves metrology); b belongs to testing only.
    assert counts["accepted"] == 1 and counts["submitted"] == 1 and counts["in_progress"] == 0


def test_menu_badge_counts_new_requests(client, metrology_staff, spread):
    client.force_login(metrology_staff)
    html = client.get("/admin/").content.decode()
    assert "(1)" in html


def _versions(*requests):
    """The version each row of the listing carries into the bulk form."""
    return {f"version-{sr.pk}": sr.version for sr in requests}


def test_bulk_assign_and_state_change(client, metrology_staff, make_request):
    first = make_request(["metrology"])
    second = make_request(["metrology"])
    resolved = make_request(["metrology"], "resolved")
    client.force_login(metrology_staff)
    response = client.post(
        "/admin/requests/bulk/",
        {
            "ids": [first.pk, second.pk, resolved.pk],
            "to_state": "accepted",
            "assigned_to": metrology_staff.pk,
            "next": "/admin/requests/?state=submitted",
            **_versions(first, second, resolved),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/requests/?state=submitted"
    for service_request in (first, second):
        service_request.refresh_from_db()
        assert service_request.state == RequestState.ACCEPTED
        assert service_request.assigned_to == metrology_staff
    resolved.refresh_from_db()
    # resolved → accepted is not a legal transition: left as it was, and not assigned either.
    assert resolved.state == RequestState.RESOLVED and resolved.assigned_to is None


def test_bulk_needs_a_note_where_required(client, metrology_staff, make_request):
    service_request = make_request(["metrology"])
    client.force_login(metrology_staff)
    data = {"ids": [service_request.pk], "to_state": "declined", **_versions(service_request)}
    client.post("/admin/requests/bulk/", data)
    service_request.refresh_from_db()
    assert service_request.state == RequestState.SUBMITTED


def test_bulk_refuses_assignee_outside_the_inboxes(
    client, coordinator, testing_staff, make_request
):
    service_request = make_request(["metrology"])
    client.force_login(coordinator)
    data = {"ids": [service_request.pk], "assigned_to": testing_staff.pk}
    client.post("/admin/requests/bulk/", {**data, **_versions(service_request)})
    service_request.refresh_from_db()
    assert service_request.assigned_to is None


def test_bulk_ignores_offsite_next(client, metrology_staff, make_request):
    service_request = make_request(["metrology"])
    client.force_login(metrology_staff)
    response = client.post(
        "/admin/requests/bulk/",
        {
            "ids": [service_request.pk],
            "to_state": "accepted",
            "next": "https://evil.example/",
            **_versions(service_request),
        },
    )
    assert response["Location"] == "/admin/requests/"


def test_bulk_change_over_a_newer_version_is_refused_for_that_row(
    client, metrology_staff, coordinator, make_request
):
    """Optimistic locking in the bulk form: the listing was rendered, then a colleague changed
    one of the ticked requests; that row is refused and named, the others change."""
    stale, fresh = make_request(["metrology"]), make_request(["metrology"])
    client.force_login(metrology_staff)
    listing = client.get("/admin/requests/").content.decode()
    for sr in (stale, fresh):
        assert f'name="version-{sr.pk}" value="{sr.version}" form="sr-bulk-form"' in listing
    shown = _versions(stale, fresh)
    services.transition(stale, "accepted", actor=coordinator, note="同事先受理了")
    response = client.post(
        "/admin/requests/bulk/",
        {"ids": [stale.pk, fresh.pk], "to_state": "declined", "note": "不属于服务范围", **shown},
        follow=True,
    )
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.state == RequestState.ACCEPTED  # the colleague's change stands
    assert stale.events.filter(to_state="declined").count() == 0
    assert fresh.state == RequestState.DECLINED
    texts = [str(message) for message in response.context["messages"]]
    conflict = [text for text in texts if stale.reference in text]
    assert len(conflict) == 1 and fresh.reference not in conflict[0]
    assert "after this list was shown" in conflict[0] or "列表显示之后" in conflict[0]
    # Without a version (a form from before this check) nothing is changed either.
    response = client.post(
        "/admin/requests/bulk/", {"ids": [stale.pk], "assigned_to": metrology_staff.pk}
    )
    stale.refresh_from_db()
    assert stale.assigned_to is None


def test_xlsx_export_holds_what_the_user_sees(client, testing_staff, spread):
    a, b, c = spread
    client.force_login(testing_staff)
    response = client.get("/admin/requests/?export=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    references = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert references == {b.reference, c.reference}


def _grow(make_request, staff, count):
    for number in range(count):
        service_request = make_request(["metrology", "testing"][: 1 + number % 2])
        if number % 3 == 0:
            services.transition(service_request, "accepted", note="ok", notify=False)
            service_request.assigned_to = staff
            service_request.save()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


LISTING_URLS = [
    "/admin/requests/",
    "/admin/requests/?open=on&overdue=on&q=企业",
    "/admin/requests/results/?state=accepted",
    "/admin/requests/?export=csv",
]


def _add_step(detail, number):
    return detail.plan_steps.create(order=number, element=detail.elements.first())


def test_listing_queries_are_flat(client, metrology_staff, make_request, add_file, providers):
    """The same number of queries with 3 and with 33 requests, and on the request view with one
    and with more events, files, provider engagements and plan steps."""
    _grow(make_request, metrology_staff, 3)
    client.force_login(metrology_staff)
    detail = ServiceRequest.objects.order_by("pk").first()
    engagements.refer(detail, providers[0], by=metrology_staff, note="请对接")
    _add_step(detail, 1)
    urls = [*LISTING_URLS, f"/admin/requests/{detail.pk}/", "/admin/"]
    for url in urls:
        client.get(url)  # warm per-process caches
    small = {url: _count(client, url) for url in urls}
    _grow(make_request, metrology_staff, 30)
    for number in range(10):
        detail.events.create(kind="note", note=f"内部 {number}")
        add_file(detail, name=f"文件{number}.pdf")
        _add_step(detail, number + 2)
    engagements.refer(detail, providers[1], by=metrology_staff, note="请协助")
    large = {url: _count(client, url) for url in urls}
    assert small == large
    # The request view carries the plan steps' formset, the engagements with their updates and
    # the consent state besides the timeline: flat, and read once for all its forms (the
    # user's inboxes, the staff, the providers and services to choose from).
    assert max(large.values()) <= 40, large


def test_reference_cells_carry_the_nowrap_class(client, coordinator, spread):
    client.force_login(coordinator)
    html = client.get("/admin/requests/").content.decode()
    # static/css/staff-requests.css keeps .sr-reference on one line.
    assert html.count('class="sr-reference') >= len(spread)
