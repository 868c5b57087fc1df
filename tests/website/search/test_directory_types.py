"""Search over the directory's page types: type filter, ranking of names, autocomplete on the
directory, languages, query bounds. Content comes through the directory's real HSDS import,
once for the module."""

import re

import pytest

from tests.directory.conftest import imported_once  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db, imported_once):  # noqa: F811 - the imported fixture
    """The sample directory, imported once for the module."""


def titles(html):
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'<h2><a href="[^"]*">(.*?)</a></h2>', html, re.S)
    ]


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_type_filter_counts_and_narrows(client, directory):
    html = get(client, "/search/", q="检测")
    # 电子秤检定 counts too: its provider's name, 甲计量检测院, is part of its text.
    assert re.search(r'type=service">服务项目 <span class="count">\(2\)</span>', html)
    assert re.search(r'type=provider">服务机构 <span class="count">\(1\)</span>', html)
    assert re.search(r'type=solution">服务方案 <span class="count">\(1\)</span>', html)
    assert '<span class="empty">服务站点 <span class="count">(0)</span>' in html
    assert '<span class="count">(4)</span>' in html  # all types
    services_only = get(client, "/search/", q="检测", type="service")
    assert titles(services_only) == ["家电安全检测", "电子秤检定"]
    assert 'aria-current="true">服务项目' in services_only


def test_a_provider_name_ranks_the_provider_first(client, directory):
    # Its services index the provider's name too, but only as body text.
    assert titles(get(client, "/search/", q="甲计量检测院"))[0] == "甲计量检测院"


def test_credential_numbers_find_the_provider(client, directory):
    assert "甲计量检测院" in titles(get(client, "/search/", q="L1234"))
    assert "甲计量检测院" in titles(get(client, "/search/", q="201919000001"))


def test_languages_stay_apart(client, directory):
    assert titles(get(client, "/en/search/", q="Scale")) == ["Scale verification"]
    assert titles(get(client, "/search/", q="Scale")) == []
    assert "电子秤检定" not in get(client, "/en/search/", q="电子秤")


def test_autocomplete_suggests_service_and_provider_names(client, directory):
    results = client.get("/search/suggest/", {"q": "电子秤"}).json()["results"]
    assert [(r["title"], r["type"]) for r in results] == [("电子秤检定", "service")]
    assert results[0]["url"].startswith("/providers/")
    providers = client.get("/search/suggest/", {"q": "乙认证"}).json()["results"]
    assert [(r["title"], r["type"]) for r in providers] == [("乙认证公司", "provider")]
    en = client.get("/en/search/suggest/", {"q": "Appliance"}).json()["results"]
    assert [r["title"] for r in en] == ["Appliance safety testing"]


def test_directory_listings_carry_the_name_search(client, directory):
    from directory.models import DirectoryIndexPage, ProviderIndexPage

    for model, search_type in ((DirectoryIndexPage, "service"), (ProviderIndexPage, "provider")):
        page = model.objects.get(locale__language_code="zh-hans")
        html = get(client, page.url)
        assert 'action="/search/"' in html
        assert f'name="type" value="{search_type}"' in html
        assert 'data-autocomplete="/search/suggest/?types=service,provider"' in html
        assert "js/autocomplete.js" in html
    # Without JavaScript the form is a plain GET to the search page.
    assert titles(get(client, "/search/", q="电子秤检定", type="service")) == ["电子秤检定"]


def test_element_links_go_to_the_element_pages(client, directory):
    html = get(client, "/search/", q="火箭发动机")
    assert 'href="/services/element/metrology/"' in html


@pytest.mark.parametrize("services", [10, 40])
def test_query_count_with_every_type(client, directory, django_assert_max_num_queries, services):
    from directory.factories import build_directory

    build_directory(services=services, stations=3, solutions=2)
    get(client, "/search/", q="测试")  # warm per-process caches (content types, site root paths)
    with django_assert_max_num_queries(16):
        html = get(client, "/search/", q="测试")
    assert len(titles(html)) == 10
