"""Every admin page staff use, rendered for a zh-hans coordinator, shows no English UI word.

The pages (dashboard, page explorer, the editor of every page type, the requests listing and a
request, canned replies, reports, scheduled jobs, snippets, settings, improvement actions,
callbacks, the freshness report, ...) are rendered through the test client; the visible text
(text nodes and the labels a screen reader announces) is stripped of the content the test made
and of a short list of proper nouns and codes, and what is left must not contain Latin words.
A string found here is translated through ``locale/`` (the project's msgids) or
``locale_wagtail/`` (Wagtail's msgids its own zh_Hans catalogue lacks).
"""

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.models import Page, get_page_models

from directory.factories import build_directory
from directory.models import Element
from policies.factories import create_authority, create_policy
from policies.services import ensure_policy_index
from service_requests.demo import (
    CANNED_REPLIES,
    ensure_canned_replies,
    ensure_inboxes,
    ensure_staff_users,
)
from service_requests.factories import submit
from website.demo import set_admin_language
from website.models import NewsIndexPage

# Proper nouns and codes that stay in Latin letters in the Chinese admin.
ALLOWED = {
    "USCC",
    "CSV",
    "XLSX",
    "ZIP",
    "HSDS",
    "API",
    "URL",
    "Wagtail",
    "SVG",
    "PDF",
    "RSS",
    "Atom",
    "CNAS",
    "CMA",
    "CNCA",
    "ICP",
    "ID",
    "SLA",
    "UTC",
    "HTML",
    "JavaScript",
    "oEmbed",
    "QI",
    "Message",
    "Word",
    "Excel",
    "JPEG",
    "PNG",
    "Microsoft",
    "Google",
    "Authenticator",
    "h1",
    "h2",
    "h3",
    "p90",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "Ctrl",
    "Cmd",
    "Alt",
    "Shift",
    "Esc",
    "Enter",
    "Tab",
}
# What the test itself puts on the pages in Latin letters: user names, codes, e-mail addresses.
CONTENT = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+"  # e-mail addresses
    r"|https?://\S+|/[\w/.-]*"  # addresses and paths
    r"|\bQI-\d{8}-\d{4}\b"  # request references
    r"|\b9144\w{14}\b"  # test USCCs
    r"|\{\w+\}|\b\w+_\w+\b"  # placeholders and identifiers (purge_expired_requests)
    r"|\b(coordinator|inbox-metrology|inbox-testing|metrology|standards|certification|testing"
    r"|quality-management|ip|brand|am|pm|a\.m\.|p\.m\.)\b",
    re.IGNORECASE,
)
# English that Wagtail 8.0 writes into its templates without gettext, so no catalogue reaches it.
WAGTAIL_HARD_CODED = [
    (r'aria-label="Actions" (id="w-slim-header-buttons")', r"\1"),  # headers/_actions.html
    (r'(type="submit") value="Search"', r"\1"),  # home.html, shared/header.html (screen readers)
    (r"(data-side-panel-toggle-counter[^>]*>)\s*None", r"\1"),  # an empty counter, never shown
]
# Rows Wagtail's own migrations create in English: the root page and the default workflow.
WAGTAIL_DATA = ["Moderators approval", "Root"]
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
HIDDEN = {"script", "style", "template", "noscript", "svg", "code", "pre", "textarea", "title"}
ANNOUNCED = ("aria-label", "placeholder", "title", "alt")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and announced attributes outside scripts and
    templates (elements with ``hidden`` count: dropdowns open on a click), plus the admin menu's
    labels."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hiding = None  # (tag, depth) of the outermost hidden element we are in
        self.parts = []
        self.sidebar = ""
        self.in_sidebar = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("id") == "wagtail-sidebar-props":
            self.in_sidebar = True
        if tag in VOID:
            if self.hiding is None:
                self.parts += [attrs[name] for name in ANNOUNCED if attrs.get(name)]
                if attrs.get("type") in ("submit", "button") and attrs.get("value"):
                    self.parts.append(attrs["value"])
            return
        if self.hiding is not None:
            if tag == self.hiding[0]:
                self.hiding = (tag, self.hiding[1] + 1)
            return
        if tag in HIDDEN:
            self.hiding = (tag, 1)
            return
        self.parts += [attrs[name] for name in ANNOUNCED if attrs.get(name)]

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_sidebar = False
        if self.hiding is not None and tag == self.hiding[0]:
            depth = self.hiding[1] - 1
            self.hiding = (tag, depth) if depth else None

    def handle_data(self, data):
        if self.in_sidebar:
            self.sidebar += data
        elif self.hiding is None:
            self.parts.append(data)


def _sidebar_labels(props):
    """The labels of the admin menu, which the sidebar draws from a JSON script."""
    labels = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "label" and isinstance(value, str):
                    labels.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props))
    return labels


def english_words(html, content=()):
    for pattern, replacement in WAGTAIL_HARD_CODED:
        html = re.sub(pattern, replacement, html)  # the attributes only: the markup stays whole
    parser = _VisibleText()
    parser.feed(html)
    parts = parser.parts + (_sidebar_labels(parser.sidebar) if parser.sidebar else [])
    text = " ".join(parts)
    for item in sorted(content, key=len, reverse=True):
        text = text.replace(item, " ")
    text = CONTENT.sub(" ", text)
    return sorted({word for word in LATIN_WORD.findall(text) if word not in ALLOWED})


@pytest.fixture
def site_content(home, request_page, elements):
    """One page of every type, requests in a few states, canned replies, and the coordinator."""
    home.add_child(instance=NewsIndexPage(title="新闻", slug="news"))
    directory = build_directory(services=2, per_provider=2, stations=1, solutions=1)
    index = ensure_policy_index()
    policy = create_policy(index, authority=create_authority(name="国家市场监督管理总局"))
    inboxes = ensure_inboxes()
    users = ensure_staff_users(inboxes)
    ensure_canned_replies(inboxes)
    requests = [
        submit("zh-a", state="in_progress", actor=users["coordinator"])[0],
        submit("zh-b", state="resolved", actor=users["coordinator"])[0],
    ]
    coordinator = users["coordinator"]
    coordinator.is_superuser = True  # the coordinator is also the site's administrator here
    coordinator.save(update_fields=["is_superuser"])
    set_admin_language(coordinator, "zh-hans")
    english = [*WAGTAIL_DATA, *[text for reply in CANNED_REPLIES for text in reply[3:]]]
    english += [element.name for element in Element.objects.filter(locale__language_code="en")]
    return {
        "english": english,
        "coordinator": coordinator,
        "requests": requests,
        "policy": policy,
        "directory": directory,
    }


def _page_urls():
    """The editor of one page of every type (the create form where there is none)."""
    urls = []
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.first()
        if page is not None:
            urls.append(f"/admin/pages/{page.pk}/edit/")
            continue
        parent_model = model.allowed_parent_page_models()[0]
        parent = parent_model.objects.first()
        meta = model._meta
        urls.append(f"/admin/pages/add/{meta.app_label}/{meta.model_name}/{parent.pk}/")
    return urls


STAFF_PAGES = [
    "/admin/",
    "/admin/requests/",
    "/admin/requests/?state=resolved",
    "/admin/snippets/",
    "/admin/snippets/service_requests/cannedreply/",
    "/admin/snippets/service_requests/cannedreply/add/",
    "/admin/snippets/directory/element/",
    "/admin/snippets/policies/issuingauthority/",
    "/admin/snippets/improvement/effectivenessassessment/",
    "/admin/snippets/improvement/effectivenessassessment/add/",
    "/admin/snippets/website/workingdayoverride/",
    "/admin/locked_out_logins/",
    "/admin/reports/",
    "/admin/reports/actions/",
    "/admin/reports/callbacks/",
    "/admin/scheduled-jobs/",
    "/admin/directory/freshness/",
    "/admin/settings/website/sitesettings/",
    "/admin/settings/service_requests/requestsettings/",
    "/admin/settings/improvement/qualitytargets/",
]


@pytest.mark.django_db
def test_the_admin_staff_use_shows_no_english(client, site_content):
    client.force_login(site_content["coordinator"])
    home = Page.objects.filter(depth=2).first()
    urls = [
        *STAFF_PAGES,
        f"/admin/pages/{home.pk}/",
        *_page_urls(),
        *[
            reverse("service_requests_admin:detail", args=[sr.pk])
            for sr in site_content["requests"]
        ],
    ]
    found = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        words = english_words(response.content.decode(), site_content["english"])
        if words:
            found[url] = words
    assert not found, "\n".join(f"{url}: {' '.join(words)}" for url, words in found.items())


def test_the_check_finds_english_and_ignores_codes():
    html = (
        '<main><h1>服务需求</h1><p>Search all pages</p><p lang="en" aria-label="Close">CSV '
        "a@b.cn QI-20261204-0001</p><script>var notShown = 1;</script>"
        '<script id="wagtail-sidebar-props" type="application/json">'
        '{"items": [{"label": "Reports"}, {"label": "报表"}]}</script></main>'
    )
    assert english_words(html) == ["Close", "Reports", "Search", "all", "pages"]
