"""The policy listing over six policies built once for the module: every filter alone and
combined, facet counts, bad input, language (pagination and query bounds:
``test_index_pages.py``)."""

import datetime
import itertools
import re

import pytest

from directory.standard_elements import ensure_elements
from policies.choices import Level, PolicyType
from tests.isolation import built_once, fresh_copies

from .conftest import listed_titles as _titles
from .conftest import national_authority

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def library_once(request, django_db_setup):
    with built_once(request, _build_library) as made:
        yield made


@pytest.fixture
def library(db, library_once):
    """Six policies whose filter values differ, so each filter and combination picks a known set:
    built once for the module."""
    return fresh_copies(library_once)


def _build_library():
    from policies.factories import create_authority, create_policy
    from policies.services import ensure_policy_index

    policy_index, elements = ensure_policy_index(), ensure_elements()
    authority = national_authority()
    province = create_authority("广东省市场监督管理局", level=Level.PROVINCIAL)
    city = create_authority("广州市市场监督管理局", level=Level.MUNICIPAL)
    rows = {
        # title: (authority, level, type, elements, date, status)
        "国家规范": (
            authority,
            Level.NATIONAL,
            PolicyType.NORMATIVE,
            ["metrology"],
            2020,
            "in_force",
        ),
        "国家法规": (
            authority,
            Level.NATIONAL,
            PolicyType.REGULATION,
            ["certification", "testing"],
            2022,
            "in_force",
        ),
        "国家旧法规": (
            authority,
            Level.NATIONAL,
            PolicyType.REGULATION,
            ["certification"],
            2009,
            "repealed",
        ),
        "省通知": (
            province,
            Level.PROVINCIAL,
            PolicyType.NOTICE,
            ["metrology", "testing"],
            2022,
            "in_force",
        ),
        "省解读": (
            province,
            Level.PROVINCIAL,
            PolicyType.INTERPRETATION,
            ["metrology"],
            2021,
            "amended",
        ),
        "市规范": (city, Level.MUNICIPAL, PolicyType.NORMATIVE, ["testing"], 2022, "in_force"),
    }
    pages = {}
    for number, (title, (author, level, kind, codes, year, status)) in enumerate(rows.items()):
        pages[title] = create_policy(
            policy_index,
            title=title,
            doc_number=f"文号〔{year}〕{number + 1}号",
            authority=author,
            level=level,
            policy_type=kind,
            elements=[elements[code] for code in codes],
            issue_date=datetime.date(year, 1 + number, 10),
            status=status,
            en={"title": f"EN {title}"},
        )
    return {"pages": pages, "national": authority, "province": province, "city": city}


def _options(response, name):
    """{value: count} of the options of one filter select."""
    html = response.content.decode()
    select = re.search(rf'<select id="filter-{name}" name="{name}">(.*?)</select>', html, re.S)
    return {
        value: int(count)
        for value, count in re.findall(
            r'<option value="([^"]+)"[^>]*>[^<]*\((\d+)\)</option>', select.group(1)
        )
    }


def test_newest_first_without_filters(client, library):
    response = client.get("/policies/")
    assert response.status_code == 200
    assert _titles(response) == ["市规范", "省通知", "国家法规", "省解读", "国家规范", "国家旧法规"]
    assert "6 " in response.content.decode()


FILTERS = {
    "level": ("provincial", {"省通知", "省解读"}),
    "type": ("normative", {"国家规范", "市规范"}),
    "element": ("testing", {"国家法规", "省通知", "市规范"}),
    "year": ("2022", {"国家法规", "省通知", "市规范"}),
    "status": ("repealed", {"国家旧法规"}),
    "doc": ("〔2022〕", {"国家法规", "省通知", "市规范"}),
}


def test_each_filter_alone_and_every_pair_combined(client, library):
    """One library, every filter alone, then every pair of filters (AND)."""
    filters = {**FILTERS, "authority": (library["province"].pk, {"省通知", "省解读"})}
    for name, (value, expected) in filters.items():
        response = client.get("/policies/", {name: value})
        assert set(_titles(response)) == expected, name
        assert 'class="active-filters"' in response.content.decode()
    for names in itertools.combinations(filters, 2):
        query = {name: filters[name][0] for name in names}
        expected = set.intersection(*(filters[name][1] for name in names))
        assert set(_titles(client.get("/policies/", query))) == expected, names


def test_all_filters_at_once(client, library):
    query = {
        "level": "national",
        "authority": library["national"].pk,
        "type": "regulation",
        "element": "certification",
        "year": "2022",
        "status": "in_force",
        "doc": "[2022]",  # square brackets find 〔2022〕
    }
    response = client.get("/policies/", query)
    assert _titles(response) == ["国家法规"]
    html = response.content.decode()
    # The form shows the state it was submitted with.
    assert '<option value="national" selected>' in html
    assert '<option value="certification" selected>' in html
    assert 'value="[2022]"' in html


def test_counts_are_facets_of_the_other_filters(client, library):
    response = client.get("/policies/", {"element": "testing"})
    assert _options(response, "level") == {"national": 1, "provincial": 1, "municipal": 1}
    assert _options(response, "year") == {"2022": 3}
    # The element's own counts ignore the element filter.
    assert _options(response, "element") == {"metrology": 3, "certification": 2, "testing": 3}
    response = client.get("/policies/", {"element": "testing", "level": "national"})
    assert _options(response, "element") == {"metrology": 1, "certification": 2, "testing": 1}
    assert _options(response, "status") == {"in_force": 1}


def test_remove_filter_links_keep_the_others(client, library):
    html = client.get("/policies/", {"level": "national", "year": "2022"}).content.decode()
    assert 'href="?year=2022"' in html  # removes the level
    assert 'href="?level=national"' in html  # removes the year


def test_no_match_says_so(client, library):
    response = client.get("/policies/", {"level": "municipal", "status": "repealed"})
    assert _titles(response) == []
    assert "0 " in response.content.decode()


BAD_QUERIES = [
    {"level": "federal"},
    {"type": "decree"},
    {"status": "gone"},
    {"year": "abc"},
    {"year": "3000"},
    {"authority": "999999"},
    {"authority": "x"},
    {"element": "no-such-element"},
    {"doc": "x" * 300},
]


def test_bad_filter_values_are_ignored_with_a_message(client, library):
    for query in BAD_QUERIES:
        response = client.get("/policies/", query)
        assert response.status_code == 200, query
        assert len(_titles(response)) == 6, query
        assert 'class="error-summary"' in response.content.decode(), query
    for page in ("999", "-1", "x"):
        response = client.get("/policies/", {"page": page})
        assert response.status_code == 200 and len(_titles(response)) == 6
    # A NUL byte (PostgreSQL refuses it in text) is bad input for the whole site: 400.
    for query in ({"doc": "质检\x00"}, {"element": "\x00"}):
        assert client.get("/policies/", query).status_code == 400, query


def test_english_listing_lists_english_pages(client, library):
    response = client.get("/en/policies/", {"level": "provincial"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert set(_titles(response)) == {"EN 省通知", "EN 省解读"}
    assert 'href="/en/policies/feed/rss/"' in html


def test_listing_links_the_feeds(client, library):
    html = client.get("/policies/", {"element": "testing"}).content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="/policies/feed/rss/"' in html and 'href="/policies/feed/atom/"' in html
    assert 'href="/policies/feed/element/testing/rss/"' in html
    assert 'href="/policies/feed/element/metrology/atom/"' in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_listing_is_a_form_without_javascript(client, library):
    html = client.get("/policies/").content.decode()
    assert '<form class="filter-form" method="get" action="/policies/">' in html
    for name in ("level", "authority", "type", "element", "year", "status"):
        assert f'<label for="filter-{name}">' in html
    assert '<label for="filter-doc">' in html
    assert html.count("<h1") == 1
