"""The state machine through the request view: every legal transition is offered and applied
(with its event), every illegal one is refused server-side and changes nothing; notes where
required; resolving sends the survey; replies reach the enterprise's tracking page."""

import pytest

from service_requests import services
from service_requests.choices import NOTE_REQUIRED, TRANSITIONS, DeliveryKind, RequestState
from tests.service_requests.staff.helpers import current_version, post_action

S = RequestState


def reach(make_request, state):
    """A request in ``state``, reached through legal transitions."""
    if state == S.SPAM:
        return make_request(["metrology"], is_spam=True)
    if state == S.WITHDRAWN:
        service_request = make_request(["metrology"])
        services.transition(service_request, S.WITHDRAWN, notify=False)
        return service_request
    return make_request(["metrology"], state.value)


@pytest.mark.parametrize("from_state", list(S), ids=[s.value for s in S])
def test_every_transition_through_the_view(client, coordinator, make_request, from_state):
    client.force_login(coordinator)
    for to_state in S:
        service_request = reach(make_request, from_state)
        assert service_request.state == from_state
        url = f"/admin/requests/{service_request.pk}/"
        offered = client.get(url).context["transition_form"].fields["to_state"].choices
        assert {value for value, _label in offered} == {s.value for s in TRANSITIONS[from_state]}
        events = service_request.events.count()
        response = post_action(
            client, service_request, action="transition", to_state=to_state.value, note="说明理由"
        )
        service_request.refresh_from_db()
        if to_state in TRANSITIONS[from_state]:
            assert response.status_code == 302, (from_state, to_state)
            assert service_request.state == to_state
            event = service_request.events.latest("created_at", "pk")
            assert (event.from_state, event.to_state, event.actor) == (
                from_state,
                to_state,
                coordinator,
            )
            assert event.note == "说明理由"
        else:
            assert response.status_code == 400, (from_state, to_state)
            assert service_request.state == from_state
            assert service_request.events.count() == events


@pytest.mark.parametrize("to_state", sorted(NOTE_REQUIRED), ids=sorted(s for s in NOTE_REQUIRED))
def test_note_required(client, coordinator, make_request, to_state):
    service_request = make_request(["metrology"], "accepted")
    client.force_login(coordinator)
    response = client.post(
        f"/admin/requests/{service_request.pk}/",
        {
            "version": current_version(service_request.pk),
            "action": "transition",
            "to_state": to_state,
            "note": "  ",
        },
    )
    assert response.status_code == 400
    assert "needs a note" in response.content.decode() or "需要" in response.content.decode()
    service_request.refresh_from_db()
    assert service_request.state == S.ACCEPTED


def test_internal_transition_note_is_not_public(client, coordinator, make_request):
    service_request = make_request(["metrology"], "accepted")
    client.force_login(coordinator)
    client.post(
        f"/admin/requests/{service_request.pk}/",
        {
            "version": current_version(service_request.pk),
            "action": "transition",
            "to_state": "in_progress",
            "note": "内部",
        },
    )
    event = service_request.events.latest("created_at", "pk")
    assert not event.is_public


def test_resolving_queues_the_survey(client, coordinator, make_request):
    service_request = make_request(["metrology"], "in_progress")
    client.force_login(coordinator)
    client.post(
        f"/admin/requests/{service_request.pk}/",
        {
            "version": current_version(service_request.pk),
            "action": "transition",
            "to_state": "resolved",
            "note": "已完成",
            "public": "on",
        },
    )
    kinds = set(service_request.deliveries.values_list("kind", flat=True))
    assert DeliveryKind.SURVEY in kinds
    assert hasattr(service_request, "survey")


def test_awaiting_enterprise_lets_the_enterprise_answer(client, coordinator, make_request):
    service_request = make_request(["metrology"], "accepted")
    client.force_login(coordinator)
    client.post(
        f"/admin/requests/{service_request.pk}/",
        {
            "version": current_version(service_request.pk),
            "action": "transition",
            "to_state": "awaiting_enterprise",
            "note": "请补充型号",
            "public": "on",
        },
    )
    service_request.refresh_from_db()
    assert service_request.enterprise_may_add_information
    client.logout()
    page = client.get(service_request.get_tracking_url(absolute=False))
    assert "请补充型号" in page.content.decode()


def test_reply_is_emailed_and_shown_on_tracking_page(client, metrology_staff, make_request):
    service_request = make_request(["metrology"], "accepted")
    client.force_login(metrology_staff)
    response = client.post(
        f"/admin/requests/{service_request.pk}/",
        {
            "version": current_version(service_request.pk),
            "action": "note",
            "text": "您好，我们下周上门。",
            "public": "on",
        },
    )
    assert response.status_code == 302
    delivery = service_request.deliveries.get(kind=DeliveryKind.REPLY)
    assert delivery.recipient == service_request.contact_email
    client.logout()
    tracking = client.get(service_request.get_tracking_url(absolute=False)).content.decode()
    assert "您好，我们下周上门。" in tracking


def test_internal_note_stays_internal(client, metrology_staff, make_request):
    service_request = make_request(["metrology"], "accepted")
    client.force_login(metrology_staff)
    client.post(
        f"/admin/requests/{service_request.pk}/",
        {"version": current_version(service_request.pk), "action": "note", "text": "内部备注"},
    )
    assert not service_request.deliveries.filter(kind=DeliveryKind.REPLY).exists()
    client.logout()
    tracking = client.get(service_request.get_tracking_url(absolute=False)).content.decode()
    assert "内部备注" not in tracking


def test_unknown_action_is_400(client, metrology_staff, make_request):
    service_request = make_request(["metrology"])
    client.force_login(metrology_staff)
    response = client.post(
        f"/admin/requests/{service_request.pk}/",
        {"version": current_version(service_request.pk), "action": "delete"},
    )
    assert response.status_code == 400
