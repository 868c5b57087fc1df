"""No request to another host from any page (gravatar, CDNs), and a Content-Security-Policy on
every page: no inline script on public pages, the strictest the admin tolerates."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.http import HttpResponse

from website.middleware import runs_inline_script

pytestmark = pytest.mark.django_db

# Attributes that make a browser fetch something (links a visitor may follow are not requests).
FETCHING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "link": ("href",),
    "input": ("src",),
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


class Fetches(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("alternate", "canonical", "next", "prev"):
            return  # navigation, not fetched
        for name in FETCHING.get(tag, ()):
            value = attrs.get(name) or ""
            for part in value.split(","):
                if part.strip():
                    self.urls.append(part.strip().split()[0])
        self.urls += CSS_URL.findall(attrs.get("style") or "")

    def handle_data(self, data):
        self.urls += CSS_URL.findall(data)


def foreign_urls(url, html):
    parser = Fetches()
    parser.feed(html)
    hosts = {"testserver", ""}
    return [
        u
        for u in parser.urls
        if urlsplit(urljoin(f"http://testserver{url}", u)).hostname not in hosts
        and not u.startswith(("data:", "blob:"))
    ]


PUBLIC = ("/", "/en/", "/guide/", "/en/guide/", "/request/", "/search/?q=指南", "/missing/")
ADMIN = (
    "/admin/",
    "/admin/pages/",
    "/admin/users/",
    "/admin/requests/",
    "/admin/account/",
    "/admin/images/",
    "/admin/documents/",
)


def test_no_page_loads_anything_from_another_host(client, request_page, standard_page, admin_user):
    found = {}
    for url in PUBLIC + ("/admin/login/",):
        response = client.get(url)
        found[url] = foreign_urls(url, response.content.decode())
    client.force_login(admin_user)
    for url in ADMIN + ("/guide/", f"/admin/pages/{standard_page.zh.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = foreign_urls(url, response.content.decode())
    assert {url: urls for url, urls in found.items() if urls} == {}


def test_admin_avatars_are_not_fetched_from_gravatar(client, admin_user):
    client.force_login(admin_user)
    assert "gravatar" not in client.get("/admin/").content.decode()


def _policy(response):
    return dict(
        (part.split()[0], part.split()[1:])
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


def test_public_pages_forbid_inline_scripts_and_other_hosts(client, request_page, standard_page):
    for url in PUBLIC:
        policy = _policy(client.get(url))
        assert policy["script-src"] == ["'self'"], url
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]


def test_cached_pages_carry_the_policy(client, settings, standard_page):
    settings.PAGE_CACHE_SECONDS = 300
    client.get("/guide/")
    hit = client.get("/guide/")
    assert hit["X-Page-Cache"] == "hit" and _policy(hit)["script-src"] == ["'self'"]


def test_admin_policy_allows_only_this_site(client, admin_user):
    client.force_login(admin_user)
    policy = _policy(client.get("/admin/"))
    assert policy["default-src"] == ["'self'"]
    assert all("http" not in source for sources in policy.values() for source in sources)
    assert "'unsafe-eval'" not in policy["script-src"]


def test_admin_allows_inline_scripts_only_where_wagtail_renders_one(
    client, admin_user, standard_page
):
    client.force_login(admin_user)
    dashboard = client.get("/admin/")
    assert not runs_inline_script(dashboard)
    policy = _policy(dashboard)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src-elem"] == ["'self'"] and "<style" not in dashboard.content.decode()
    editor = client.get(f"/admin/pages/{standard_page.zh.pk}/edit/")
    expected = ["'self'", "'unsafe-inline'"] if runs_inline_script(editor) else ["'self'"]
    assert _policy(editor)["script-src"] == expected
    # What counts as an inline script: Wagtail's date pickers do; files and JSON data do not.
    html = "text/html; charset=utf-8"
    assert runs_inline_script(HttpResponse('<script>initDateChooser("id", {});</script>', html))
    for harmless in ('<script src="/static/a.js"></script>', '<script type="application/json">'):
        assert not runs_inline_script(HttpResponse(harmless, html))
