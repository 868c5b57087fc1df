"""Assisted intake: staff record walk-in, phone and on-site requests, which follow the online
path (reference, routing, SLA, notifications, survey) and carry their channel and station."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from directory.factories import build_directory
from service_requests import services
from service_requests.choices import IntakeChannel, RequestState
from service_requests.factories import make_uscc
from service_requests.models import DeliveryLog, ServiceRequest, StationDesk
from tests.service_requests.staff.conftest import _staff

URL = "/admin/requests/offline/"


@pytest.fixture
def station(request_page):
    return build_directory(services=2, stations=1, solutions=0)["stations"][0]


def answers(station=None, **extra):
    values = {
        "intake_channel": "walk_in",
        "station": station.pk if station else "",
        "language": "zh-hans",
        "enterprise_name": "线下企业",
        "uscc": "91440101MA5CXXXX0X",
        "scale": "small",
        "industry": "C",
        "city": "guangzhou",
        "address": "",
        "description": "到站点咨询计量校准服务。",
        "timeframe": "month",
        "preferred_channel": "station",
        "elements": ["metrology"],
        "contact_name": "王先生",
        "contact_phone": "138 0013 8000",
        "contact_email": "",
        "preferred_contact": "phone",
        "privacy_consent": "on",
    }
    values.update(extra)
    return {k: v for k, v in values.items() if v is not None}


@pytest.fixture
def valid_uscc():
    return make_uscc(77)


def test_inbox_staff_record_a_walk_in_request(
    client, metrology_staff, station, valid_uscc, django_capture_on_commit_callbacks
):
    client.force_login(metrology_staff)
    assert client.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, answers(station, uscc=valid_uscc, contact_email="wang@example.com")
        )
    sr = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("service_requests_admin:detail", args=[sr.pk])
    assert sr.reference.startswith("QI-")
    assert sr.intake_channel == IntakeChannel.WALK_IN
    assert sr.station == station
    assert sr.recorded_by == metrology_staff
    assert sr.lead_inbox.code == "metrology"
    assert sr.first_response_due and sr.resolution_due
    event = sr.events.get()
    assert event.actor == metrology_staff
    # The enterprise gave an email: it receives the acknowledgement with its tracking link.
    ack = DeliveryLog.objects.get(kind="acknowledgement")
    assert ack.recipient == "wang@example.com"
    sent = [m for m in mail.outbox if m.to == ["wang@example.com"]]
    assert sent and sr.get_tracking_url().split("?")[0] in sent[0].body.replace("\n", "")
    # The request view shows channel and station.
    detail = client.get(reverse("service_requests_admin:detail", args=[sr.pk]))
    html = detail.content.decode()
    assert "Walk-in at a station" in html or "到站咨询" in html or "站点" in html
    assert station.title in html


def test_the_listing_filters_by_intake_channel(
    client, coordinator, station, valid_uscc, make_request
):
    online = make_request(["metrology"])
    client.force_login(coordinator)
    client.post(URL, answers(station, uscc=valid_uscc, intake_channel="phone"))
    phone = ServiceRequest.objects.get(intake_channel="phone")
    response = client.get("/admin/requests/?intake_channel=phone")
    html = response.content.decode()
    assert phone.reference in html and online.reference not in html
    response = client.get("/admin/requests/?intake_channel=online")
    html = response.content.decode()
    assert online.reference in html and phone.reference not in html


def test_walk_in_needs_a_station_and_a_contact(client, metrology_staff, station, valid_uscc):
    client.force_login(metrology_staff)
    response = client.post(URL, answers(None, uscc=valid_uscc, contact_phone="", contact_email=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "station" in errors and "contact_phone" in errors
    assert not ServiceRequest.objects.exists()


def test_desk_staff_record_for_their_station_only(
    client, django_user_model, station, valid_uscc, request_page
):
    other = build_directory(services=1, stations=1, solutions=0)["stations"][0]
    desk_group = Group.objects.create(name="desk")
    StationDesk.objects.create(station=station, group=desk_group)
    clerk = _staff(django_user_model, "clerk", [desk_group])
    client.force_login(clerk)
    form = client.get(URL).context["form"]
    assert list(form.fields["station"].queryset) == [station]
    refused = client.post(URL, answers(other, uscc=valid_uscc))
    assert refused.status_code == 200 and "station" in refused.context["form"].errors
    response = client.post(URL, answers(station, uscc=valid_uscc, intake_channel="on_site"))
    sr = ServiceRequest.objects.get()
    # Desk staff are in no inbox: they get the reference, not the triage listing.
    assert response["Location"] == URL
    assert client.get("/admin/requests/").status_code == 403
    assert client.get(f"/admin/requests/{sr.pk}/").status_code == 403


def test_people_outside_inboxes_and_desks_cannot_record(client, editor, station):
    client.force_login(editor)
    assert client.get(URL).status_code == 403
    assert client.post(URL, answers(station)).status_code == 403


def test_an_offline_request_gets_the_survey_when_resolved(
    client, metrology_staff, station, valid_uscc
):
    client.force_login(metrology_staff)
    client.post(URL, answers(station, uscc=valid_uscc))
    sr = ServiceRequest.objects.get()
    for state in (RequestState.ACCEPTED, RequestState.IN_PROGRESS, RequestState.RESOLVED):
        services.transition(sr, state, actor=metrology_staff)
        sr.refresh_from_db()
    assert sr.survey.token
    # Only a mobile number: the tracking page offers the survey.
    page = client.get(sr.get_tracking_url(absolute=False))
    assert sr.survey.get_url(absolute=False) in page.content.decode()
