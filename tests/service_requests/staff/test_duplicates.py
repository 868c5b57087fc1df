"""Likely duplicates (same USCC, a shared element, within 14 days) flagged in the request view
and the listing, and merged into one case keeping both references and timelines."""

from datetime import timedelta

import pytest
from django.utils import timezone

from service_requests import services
from service_requests.choices import EventKind
from service_requests.models import ServiceRequest
from tests.service_requests.staff.helpers import post_action

USCC = "91440101MA5C000017"


def _pair(make_request, now=None, **second):
    now = now or timezone.now()
    first = make_request(["metrology", "standards"], "accepted", uscc=USCC, now=now)
    duplicate = make_request(
        second.pop("codes", ["metrology"]),
        uscc=second.pop("uscc", USCC),
        now=second.pop("at", now + timedelta(days=3)),
        **second,
    )
    return first, duplicate


def test_flagged_only_for_same_uscc_shared_element_within_14_days(
    client, coordinator, make_request
):
    now = timezone.now() - timedelta(days=60)
    first, duplicate = _pair(make_request, now)
    make_request(["metrology"], uscc=USCC, now=now + timedelta(days=18))  # 15 days after
    make_request(["testing"], uscc=USCC, now=now + timedelta(days=1))  # no shared element
    make_request(["metrology"], now=now + timedelta(days=1))  # another enterprise
    client.force_login(coordinator)
    response = client.get(f"/admin/requests/{first.pk}/")
    assert list(response.context["duplicates"]) == [duplicate]
    assert (
        "Likely duplicate" in response.content.decode() or "疑似重复" in response.content.decode()
    )
    listing = client.get("/admin/requests/")
    flagged = {sr.pk for sr in listing.context["object_list"] if sr.likely_duplicate}
    assert flagged == {first.pk, duplicate.pk}


def test_duplicates_only_among_visible_requests(client, metrology_staff, make_request):
    first, _hidden = _pair(make_request, codes=["testing", "metrology"])
    _hidden.inboxes.set(_hidden.inboxes.exclude(code="metrology"))
    _hidden.lead_inbox = _hidden.inboxes.first()
    _hidden.save()
    client.force_login(metrology_staff)
    response = client.get(f"/admin/requests/{first.pk}/")
    assert list(response.context["duplicates"]) == []


def test_merge_keeps_both_references_and_timelines(client, coordinator, make_request, request_page):
    survivor, duplicate = _pair(make_request, codes=["metrology", "testing"])
    duplicate.events.create(kind=EventKind.NOTE, note="重复需求里的备注")
    client.force_login(coordinator)
    response = post_action(client, survivor, action="merge", duplicate=duplicate.pk)
    assert response.status_code == 302
    duplicate.refresh_from_db()
    survivor.refresh_from_db()
    assert duplicate.merged_into == survivor and duplicate.state == "closed"
    assert set(survivor.elements.values_list("code", flat=True)) >= {"metrology", "testing"}
    assert survivor.inboxes.filter(code="testing").exists()
    # Both timelines in the survivor's view, each event with its reference.
    page = client.get(f"/admin/requests/{survivor.pk}/")
    notes = {event.note for event in page.context["events"]}
    assert "重复需求里的备注" in notes
    assert duplicate.reference in page.content.decode()
    merged_events = ServiceRequest.objects.filter(pk__in=[survivor.pk, duplicate.pk])
    for request in merged_events:
        assert request.events.filter(kind=EventKind.MERGED, is_public=True).count() == 1
    # No longer offered as a duplicate; merging it again is refused.
    assert list(page.context["duplicates"]) == []
    again = post_action(client, survivor, action="merge", duplicate=duplicate.pk)
    assert again.status_code == 400

    # The merged reference's tracking page leads to the surviving one.
    client.logout()
    tracked = client.get(duplicate.get_tracking_url(absolute=False))
    assert tracked.status_code == 302
    assert tracked["Location"] == survivor.get_tracking_url(absolute=False)
    page = client.get(tracked["Location"]).content.decode()
    assert survivor.reference in page and duplicate.reference in page


def test_merge_of_a_request_merged_elsewhere_is_refused(coordinator, make_request):
    survivor, duplicate = _pair(make_request)
    services.merge(duplicate, into=survivor, actor=coordinator)
    third = make_request(["metrology"], uscc=USCC)
    with pytest.raises(services.MergeError):
        services.merge(third, into=duplicate, actor=coordinator)
    with pytest.raises(services.MergeError):
        services.merge(survivor, into=survivor, actor=coordinator)


def test_unmerge_restores_the_merged_case_its_timeline_and_tracking(
    client, coordinator, make_request, request_page
):
    survivor, duplicate = _pair(make_request, codes=["metrology", "testing"])
    duplicate.events.create(kind=EventKind.NOTE, note="重复需求里的备注")
    earlier = make_request(["testing"], uscc=USCC)
    services.merge(earlier, into=duplicate, actor=coordinator)  # merged into it beforehand
    state_before = duplicate.state
    survivor_inboxes = set(survivor.inboxes.values_list("code", flat=True))
    duplicate_inboxes = set(duplicate.inboxes.values_list("code", flat=True))
    client.force_login(coordinator)
    post_action(client, survivor, action="merge", duplicate=duplicate.pk)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert ServiceRequest.objects.get(pk=earlier.pk).merged_into == survivor

    # A request not merged into the survivor cannot be taken out of it.
    other = make_request(["metrology"])
    assert post_action(client, survivor, action="unmerge", merged=other.pk).status_code == 400
    page = client.get(f"/admin/requests/{survivor.pk}/").content.decode()
    assert 'value="unmerge"' in page and "重复需求里的备注" in page

    response = post_action(client, survivor, action="unmerge", merged=duplicate.pk)
    assert response.status_code == 302
    duplicate.refresh_from_db()
    survivor.refresh_from_db()
    assert duplicate.merged_into is None and duplicate.state == state_before
    assert duplicate.closed_at is None
    assert ServiceRequest.objects.get(pk=earlier.pk).merged_into == duplicate
    assert set(survivor.elements.values_list("code", flat=True)) == {"metrology", "standards"}
    assert set(survivor.inboxes.values_list("code", flat=True)) == survivor_inboxes
    assert set(duplicate.inboxes.values_list("code", flat=True)) == duplicate_inboxes
    for request in (survivor, duplicate):
        event = request.events.get(kind=EventKind.UNMERGED)
        assert event.actor == coordinator and event.is_public
    # Its own timeline again, no longer in the survivor's.
    page = client.get(f"/admin/requests/{survivor.pk}/")
    assert "重复需求里的备注" not in {event.note for event in page.context["events"]}
    assert list(page.context["merged_requests"]) == []
    own = client.get(f"/admin/requests/{duplicate.pk}/")
    assert "重复需求里的备注" in {event.note for event in own.context["events"]}
    # Its tracking link shows it again instead of leading to the survivor.
    client.logout()
    tracked = client.get(duplicate.get_tracking_url(absolute=False))
    assert tracked.status_code == 200 and duplicate.reference in tracked.content.decode()
    # Undone once: a second undo finds nothing to undo.
    with pytest.raises(services.MergeError):
        services.unmerge(duplicate, actor=coordinator)


def test_unmerge_needs_access_to_the_survivor(client, coordinator, testing_staff, make_request):
    survivor = make_request(["metrology"], "accepted", uscc=USCC)
    duplicate = make_request(["metrology"], uscc=USCC)
    services.merge(duplicate, into=survivor, actor=coordinator)
    client.force_login(testing_staff)  # works in another inbox
    response = post_action(client, survivor, action="unmerge", merged=duplicate.pk)
    assert response.status_code == 404
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
