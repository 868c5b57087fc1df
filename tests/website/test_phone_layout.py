"""The phone-first markup: the header's navigation and the listings' filters fold into native
disclosures that work without JavaScript, and filters in use show as removable chips."""

import re

import pytest

from directory.factories import build_directory
from policies.services import ensure_policy_index

pytestmark = pytest.mark.django_db


def _header(html):
    return re.search(r'<header class="site-header">(.*?)</header>', html, re.S).group(1)


@pytest.mark.parametrize(("url", "menu"), [("/", "菜单"), ("/en/", "Menu")])
def test_header_folds_navigation_and_search_into_a_disclosure(client, en_home, url, menu):
    header = _header(client.get(url).content.decode())
    disclosure = re.search(r"<details class=\"header-menu\"[^>]*>(.*?)</details>", header, re.S)
    assert disclosure, "the navigation is not inside a <details> disclosure"
    inside = disclosure.group(1)
    assert re.match(rf'\s*<summary class="menu-button">{menu}</summary>', inside)
    assert 'class="main-nav"' in inside and 'role="search"' in inside
    # The site name and the language switch stay outside the menu, always visible.
    outside = header.replace(disclosure.group(0), "")
    assert 'class="site-name"' in outside and 'class="language-switcher"' in outside
    # Closed by default: the page's content is not pushed below the fold.
    assert '<details class="header-menu" data-header-menu>' in header


def test_the_page_has_no_inline_script(client, home):
    html = client.get("/").content.decode()
    scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", html)
    assert scripts == []


def test_listing_puts_a_filter_button_with_the_count_before_the_results(client, home):
    build_directory(services=4)
    html = client.get("/services/?element=metrology&fee=free").content.decode()
    panel = html.index('<details class="filter-panel">')
    assert '<summary class="filter-toggle">筛选 (2)</summary>' in html
    assert panel < html.index('class="listing-results"')
    chips = re.findall(r'<a href="\?([^"]*)" class="chip">', html)
    # One chip per filter in use, each a link that drops only that filter.
    assert sorted(chips) == ["element=metrology", "fee=free"]


def test_policy_listing_has_the_filter_button(client, home, elements):
    ensure_policy_index()
    html = client.get("/policies/").content.decode()
    assert '<summary class="filter-toggle">筛选 (0)</summary>' in html
