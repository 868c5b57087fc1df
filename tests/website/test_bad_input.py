"""Bad input is a 400, never a 500 (NUL bytes, numbers too large for the database), and a
database outage is a 503 with Retry-After and the branded page in both languages. Run on SQLite
and on PostgreSQL (``DATABASE_URL``)."""

import pytest
from django.db import OperationalError
from wagtail.models import Page

from website import errors

pytestmark = pytest.mark.django_db

NUL_URLS = (
    "/api/hsds/services/?organization_id=%00",
    "/api/hsds/organizations/%00/",
    "/follow-up/%00/x/",
    "/en/follow-up/x/%00/",
    "/api/v2/pages/?locale=%00",
    "/search/?q=%00",
    "/guide/%00/",
    "/?x%00=1",
    "/request/start/?element=testing&element=%00",
)
HUGE = "9223372036854775808"
OFFSET_URLS = (
    f"/api/v2/pages/?offset={HUGE}",
    f"/api/v2/images/?offset={HUGE}",
    f"/api/v2/documents/?offset={HUGE}",
    f"/api/v2/pages/?limit=10&offset={HUGE}0000",
    f"/request/start/?service=1&provider={HUGE}",
    f"/api/v2/pages/{HUGE}/",
)


@pytest.mark.parametrize("url", NUL_URLS + OFFSET_URLS)
def test_bad_input_is_a_400_with_the_branded_page(client, standard_page, url):
    response = client.get(url)
    assert response.status_code == 400, url
    if url.startswith("/api/"):  # API clients get JSON in the error shape, not a page
        assert response.json() == {"status": 400, "error": errors.API_MESSAGES[400]}
    else:
        assert "could not be read" in response.content.decode() or "无法读取" in (
            response.content.decode()
        )


def test_nul_in_a_posted_field_is_a_400(client, request_page):
    response = client.post("/en/request/track/", {"reference": "QI\x00", "token": "x"})
    assert response.status_code == 400


def test_a_large_but_valid_offset_is_an_empty_list(client, standard_page):
    response = client.get("/api/v2/pages/?offset=1000000")
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.fixture
def database_down(monkeypatch):
    def fail(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(Page, "find_for_request", fail)
    monkeypatch.setattr("wagtail.models.Site.find_for_request", fail)


@pytest.mark.parametrize(
    ("url", "words"),
    [("/guide/", "服务暂时不可用"), ("/en/guide/", "the service is unavailable right now")],
)
def test_database_outage_is_a_503_in_the_visitors_language(
    client, standard_page, database_down, url, words
):
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert words in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_database_outage_in_a_middleware_is_a_503_too(rf, settings):
    request = rf.get("/en/guide/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = errors.server_error(request)
    assert response.status_code == 503 and response["Retry-After"]
    assert "unavailable right now" in response.content.decode()
