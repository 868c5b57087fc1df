"""Tracking with the secret token, the enterprise's answers, the survey, rate limits."""

import re

import pytest
from django.core import mail

from service_requests import services
from service_requests.models import RequestEvent, ServiceRequest
from tests.service_requests.conftest import EXE, PDF, send_request, submit, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(client, request_page):
    send_request(client, "/en")
    return ServiceRequest.objects.get()


def test_tracking_shows_status_and_public_events_only(client, sent, staff_user):
    services.transition(sent, "accepted", actor=staff_user, note="Accepted, we will call you.")
    RequestEvent.objects.create(
        request=sent, kind="note", note="INTERNAL: check credit", is_public=False
    )
    for url in (
        f"/en/request/track/{sent.reference}/?token={sent.tracking_token}",
        f"/en/request/track/{sent.reference}/{sent.tracking_token}/",
    ):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert sent.reference in html and "Accepted, we will call you." in html
        assert "INTERNAL" not in html
        assert sent.contact_phone not in html and sent.uscc not in html
        assert "no-store" in response["Cache-Control"]
        assert '<meta name="referrer" content="same-origin">' in html
    switch = (
        f'href="/request/track/{sent.reference}/?token={sent.tracking_token}" hreflang="zh-hans"'
    )
    assert (
        switch
        in client.get(
            f"/en/request/track/{sent.reference}/?token={sent.tracking_token}"
        ).content.decode()
    )


def test_wrong_token_is_a_404_that_says_nothing(client, sent):
    wrong = client.get(f"/en/request/track/{sent.reference}/?token=wrong")
    missing = client.get(f"/en/request/track/QI-20000101-0001/?token={sent.tracking_token}")
    none = client.get(f"/en/request/track/{sent.reference}/")
    assert wrong.status_code == missing.status_code == none.status_code == 404

    def main(response):
        return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)

    assert main(wrong) == main(missing) == main(none)
    assert sent.reference not in main(wrong)


def test_lookup_by_reference_and_access_code(client, sent):
    response = submit(
        client,
        "/en/request/track/",
        {"reference": sent.reference.lower(), "token": sent.tracking_token},
    )
    assert response.status_code == 302
    assert response["Location"] == sent.get_tracking_url(absolute=False)
    wrong = submit(client, "/en/request/track/", {"reference": sent.reference, "token": "nope"})
    unknown = submit(
        client, "/en/request/track/", {"reference": "QI-20000101-0001", "token": "nope"}
    )
    assert wrong.status_code == unknown.status_code == 200
    message = "We could not find a request with this reference number and access code"
    assert message in wrong.content.decode() and message in unknown.content.decode()


def test_enterprise_adds_information_and_files_when_asked(
    client, sent, staff_user, django_capture_on_commit_callbacks
):
    url = sent.get_tracking_url(absolute=False)
    assert 'name="information"' not in client.get(url).content.decode()  # not asked yet
    services.transition(sent, "accepted", actor=staff_user)
    services.transition(sent, "awaiting_enterprise", actor=staff_user, note="Which products?")
    page = client.get(url).content.decode()
    assert "Which products?" in page and 'name="information"' in page
    bad = submit(client, url, {"information": "Kettles.", "upload": [upload("x.pdf", EXE)]})
    assert bad.status_code == 200 and "must be a PDF" in bad.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(
            client,
            url,
            {"information": "Electric kettles, model K-1.", "upload": [upload("spec.pdf", PDF)]},
        )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.state == "in_progress"
    event = sent.events.get(kind="enterprise_information")
    assert event.is_public and event.note == "Electric kettles, model K-1."
    assert [f.original_name for f in event.files.all()] == ["spec.pdf"]
    assert [m.to for m in mail.outbox] == [["inbox-metrology@qi-one-stop.example"]]
    page = client.get(url).content.decode()
    assert "Thank you. We have received your information." in page
    assert 'name="information"' not in page
    # Posting again once the request moved on changes nothing.
    client.post(url, {"information": "Again"})
    assert sent.events.filter(kind="enterprise_information").count() == 1


def test_satisfaction_survey_once(client, sent, staff_user, django_capture_on_commit_callbacks):
    services.transition(sent, "accepted", actor=staff_user)
    services.transition(sent, "in_progress", actor=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(sent, "resolved", actor=staff_user, note="Report sent.")
    (message,) = [m for m in mail.outbox if "how did we do" in m.subject]
    url = re.search(r"http://testserver(/en/request/survey/\S+)", message.body).group(1)
    page = client.get(url)
    assert page.status_code == 200 and 'name="score"' in page.content.decode()
    bad = submit(client, url, {"score": "9"})
    assert "Select how satisfied you are" in bad.content.decode()
    done = submit(client, url, {"score": "4", "comment": "Quick and helpful."})
    assert done.status_code == 200 and "Thank you for your rating" in done.content.decode()
    survey = sent.survey
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (4, "Quick and helpful.")
    again = client.get(url)
    assert again.status_code == 410
    assert "You have already rated this service" in again.content.decode()
    replay = client.post(url, {"score": "1"})
    assert replay.status_code == 410
    survey.refresh_from_db()
    assert survey.score == 4
    assert client.get(url.replace(survey.token, "x" * 32)).status_code == 404
    # Reopened and resolved again: the survey is not sent twice.
    mail.outbox.clear()
    services.transition(sent, "in_progress", actor=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(sent, "resolved", actor=staff_user)
    assert not [m for m in mail.outbox if "how did we do" in m.subject]


def test_the_tracking_page_offers_the_survey_on_the_host_it_was_served_from(
    client, sent, staff_user
):
    # Found by the 服务协同 browser journey: the link was absolute, built from the Wagtail site's
    # hostname, and led nowhere when the page was served from another host (a dev server, an
    # IP address, the bare domain of a www site).
    site = sent.get_request_page().get_site()
    site.hostname, site.port = "qi.example", 443
    site.save()
    for state in ("accepted", "in_progress", "resolved"):
        services.transition(sent, state, actor=staff_user, note="Done.")
    html = client.get(sent.get_tracking_url(absolute=False)).content.decode()
    survey_url = sent.survey.get_url(absolute=False)
    assert survey_url.startswith("/en/request/survey/")
    assert f'href="{survey_url}"' in html
    assert "qi.example" not in html
    assert client.get(survey_url).status_code == 200


def test_rate_limit_on_tracking_lookups(client, sent, settings):
    settings.SERVICE_REQUEST_RATE_LIMITS = {"track": (3, 600)}
    url = sent.get_tracking_url(absolute=False)
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(url)
    assert limited.status_code == 429 and limited["Retry-After"] == "600"
    other = client.get(url, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200  # per address


def test_rate_limit_on_submissions(client, request_page, settings):
    settings.SERVICE_REQUEST_RATE_LIMITS = {"submit": (2, 3600)}
    assert send_request(client).status_code == 303
    assert send_request(client).status_code == 303
    third = send_request(client)
    assert third.status_code == 429
    assert ServiceRequest.objects.count() == 2


def test_proxies_are_trusted_only_when_configured(rf, settings):
    from service_requests.ratelimit import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "2.2.2.2"
