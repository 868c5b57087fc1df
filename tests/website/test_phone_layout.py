"""The phone-first markup: the header's navigation folds into a native disclosure that works
without JavaScript, in both languages."""

import re

import pytest

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
