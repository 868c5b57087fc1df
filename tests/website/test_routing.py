"""Remembered routes (website.routing): an address routed once is served from its stored route
with fewer queries, and a change of the tree is routed afresh on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from directory.factories import build_directory
from website import routing
from website.models import SiteSettings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments")]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(captured)


def test_a_deep_page_is_routed_from_its_stored_route(client, elements, monkeypatch):
    made = build_directory(services=2, per_provider=2, stations=1, solutions=1)
    url = made["services"][0].url  # /providers/<provider>/<service>/: four levels down
    first = client.get(url)
    routed, remembered = _queries(client, url)
    assert routed.content == first.content
    monkeypatch.setattr(routing, "remembered_route", lambda request, path: None)
    walked, walking = _queries(client, url)
    assert walked.content == first.content
    assert remembered <= walking - 4  # one query for the page instead of two per level


def test_routable_pages_keep_their_own_routes(client, elements):
    build_directory(services=2, per_provider=2, stations=1, solutions=1)
    for url in ("/services/", "/services/element/testing/", "/en/services/"):
        first = client.get(url)
        again = client.get(url)
        assert first.status_code == again.status_code == 200, url
        assert again.content == first.content, url


def test_an_unpublished_page_is_not_served_from_its_stored_route(client, elements):
    made = build_directory(services=2, per_provider=2, stations=1, solutions=1)
    service = made["services"][0]
    url = service.url
    assert client.get(url).status_code == 200
    service.unpublish()
    assert client.get(url).status_code == 404


def test_a_moved_page_is_routed_afresh(client, elements):
    made = build_directory(services=2, per_provider=1, stations=1, solutions=1)
    service = made["services"][0]
    old_url = service.url
    assert client.get(old_url).status_code == 200
    service.move(made["providers"][1], pos="last-child")
    service.refresh_from_db()
    moved = client.get(old_url)  # Wagtail's automatic redirect, not the stored route
    assert moved.status_code == 301 and moved["Location"] == service.url
    assert client.get(service.url).status_code == 200


def _tables(captured):
    return {
        table
        for query in captured
        for table in ("wagtailcore_site", "website_sitesettings")
        if f'FROM "{table}"' in query["sql"]
    }


def test_the_site_and_its_settings_are_remembered_until_they_change(client, standard_page):
    client.get("/guide/")
    with CaptureQueriesContext(connection) as captured:
        again = client.get("/guide/")
    assert again.status_code == 200 and _tables(captured) == set()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.hotline = "020-12345678"
    settings.save()  # a change of a content app: the next request looks both up again
    with CaptureQueriesContext(connection) as captured:
        changed = client.get("/guide/")
    assert "020-12345678" in changed.content.decode()
    assert _tables(captured) == {"wagtailcore_site", "website_sitesettings"}
