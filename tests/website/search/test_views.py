"""The search page and the autocomplete endpoint through the test client."""

import re

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html):
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'<h2><a href="[^"]*">(.*?)</a></h2>', html, re.S)
    ]


@pytest.fixture
def content(make_page, home, en_home):
    from website.models import StandardPage
    from website.page_tree import ensure_translated_page

    pair = ensure_translated_page(
        home,
        StandardPage,
        "calibration-guide",
        {"title": "计量校准办事指南", "intro": "企业可申请计量校准服务，出具校准证书。"},
        {"title": "Calibration guide", "intro": "Enterprises can apply for calibration."},
    )
    policy = make_page(
        "关于进一步深化质量基础设施一站式服务的通知",
        intro="国市监质〔2020〕177号。推进计量、标准、认证认可、检验检测一站式服务。",
        slug="notice-177",
    )
    return {"guide": pair.zh, "guide_en": pair.en, "policy": policy}


def test_empty_state_points_to_the_request_form_and_the_elements(client, home, elements):
    html = html_of(client, "/search/")
    assert html.count("<h1") == 1
    assert 'href="/request/"' in html
    assert ">计量</a>" in html and ">检验检测</a>" in html
    assert 'role="search"' in html and '<label for="search-q">' in html
    assert "noindex" in html


def test_results_are_highlighted_counted_and_filtered(client, content):
    html = html_of(client, "/search/?q=计量")
    assert "的搜索结果共 2 条" in html
    assert "<mark>计量</mark>" in html
    assert set(result_titles(html)) == {content["guide"].title, content["policy"].title}
    assert "?q=%E8%AE%A1%E9%87%8F&amp;type=page" in html  # the type filter link


def test_document_number_finds_the_policy_first(client, content):
    for query in ["国市监质〔2020〕177号", "177号", "国市监质[2020]177号"]:
        html = html_of(client, f"/search/?q={query}")
        assert result_titles(html)[0] == content["policy"].title
        assert "<mark>177</mark>" in html


def test_type_filter_and_unknown_type(client, content):
    html = html_of(client, "/search/?q=计量&type=page")
    assert len(result_titles(html)) == 2
    assert 'name="type" value="page"' in html
    assert len(result_titles(html_of(client, "/search/?q=计量&type=nonsense"))) == 2
    # A registered type whose model is not installed yet is simply absent.
    assert len(result_titles(html_of(client, "/search/?q=计量&type=policy"))) in (0, 2)


def test_language_isolation(client, content):
    assert result_titles(html_of(client, "/search/?q=calibration")) == []
    en = html_of(client, "/en/search/?q=calibration")
    assert result_titles(en) == ["Calibration guide"]
    assert 'href="/en/calibration-guide/"' in en
    assert content["guide"].title not in html_of(client, "/en/search/?q=计量")


def test_zero_results_widen_to_any_word_then_point_to_the_request_form(client, content):
    widened = html_of(client, "/search/?q=计量 火箭发动机")
    assert content["guide"].title in result_titles(widened)
    assert "包含其中任一词语的页面" in widened
    nothing = html_of(client, "/search/?q=火箭发动机")
    assert result_titles(nothing) == []
    assert 'href="/request/"' in nothing
    assert 'href="/en/request/"' in html_of(client, "/en/search/?q=rocketengine")


def test_pagination(client, make_page):
    for number in range(12):
        make_page(f"检验检测服务{number}", intro="检验检测", slug=f"testing-{number}")
    first = html_of(client, "/search/?q=检验检测")
    assert len(result_titles(first)) == 10
    assert 'rel="next"' in first and "12" in first
    second = html_of(client, "/search/?q=检验检测&page=2")
    assert len(result_titles(second)) == 2
    assert 'start="11"' in second
    assert len(result_titles(html_of(client, "/search/?q=检验检测&page=999"))) == 2
    assert len(result_titles(html_of(client, "/search/?q=检验检测&page=abc"))) == 10


@pytest.mark.parametrize(
    "query",
    [
        "计量" * 500,
        "！？。，、……",
        "'; DROP TABLE wagtailcore_page; --",
        "' OR '1'='1",
        '<script>alert("x")</script>',
        "</h1><img src=x onerror=alert(1)>",
        "😀🔍🏭",
        "ＣＮＡＳ　認可　１７７号",
        '"',
        '"计量',
        "NOT AND OR * NEAR(",
        "%00\\x00",
        "\u200b\u3000",
    ],
)
def test_odd_input_gives_a_normal_page(client, content, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert html.count("<h1") == 1
    suggestions = client.get("/search/suggest/", {"q": query, "types": "policy,x"})
    assert suggestions.status_code == 200


def test_a_nul_byte_is_bad_input_like_everywhere_else(client, content):
    # PostgreSQL refuses NUL in text; the whole site answers 400 (tests/website/test_bad_input.py).
    assert client.get("/search/", {"q": "计\x00量"}).status_code == 400
    assert client.get("/search/suggest/", {"q": "计量", "types": "policy,\x00"}).status_code == 400


def test_snippets_escape_what_editors_typed(client, make_page):
    make_page('计量<b onmouseover="x">标签</b>', intro='计量 <i onclick="x">斜体</i> & 校准')
    html = html_of(client, "/search/?q=计量")
    assert "<mark>计量</mark>&lt;b onmouseover=&quot;x&quot;&gt;标签&lt;/b&gt;" in html
    assert "<b onmouseover" not in html and "<i onclick" not in html
    assert "&amp; 校准" in html


@pytest.mark.parametrize("size", [3, 15])
def test_query_count_does_not_grow_with_content(
    client, make_page, django_assert_max_num_queries, size
):
    for number in range(size):
        make_page(f"计量服务{number}", intro="计量校准", slug=f"m-{number}")
    with django_assert_max_num_queries(14):
        html = html_of(client, "/search/?q=计量")
    assert len(result_titles(html)) == min(size, 10)


def test_suggestions_endpoint(client, content):
    response = client.get("/search/suggest/", {"q": "计量校", "types": "page"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results = response.json()["results"]
    assert results[0]["title"] == content["guide"].title
    assert results[0]["url"] == "/calibration-guide/"
    en = client.get("/en/search/suggest/", {"q": "Calib", "types": "page"}).json()["results"]
    assert [r["title"] for r in en] == ["Calibration guide"]
    for odd in ["", "！？", "😀", "x" * 1000, "'\"<>"]:
        assert client.get("/search/suggest/", {"q": odd, "types": "page"}).status_code == 200


def test_suggestions_default_to_services_and_providers(client, content):
    # Until the directory's page types exist these types are absent: an empty list, not an error.
    results = client.get("/search/suggest/", {"q": "计量"}).json()["results"]
    assert all(result["type"] in {"service", "provider"} for result in results)


def test_search_page_loads_the_autocomplete_script(client, home):
    html = html_of(client, "/search/")
    assert "js/autocomplete.js" in html
    assert 'data-autocomplete="/search/suggest/?types=' in html


@pytest.fixture
def clear_cache():
    cache.clear()
    yield
    cache.clear()
