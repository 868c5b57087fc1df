"""RSS 2.0 and Atom feeds, overall and per element, in the language of the index page; the
sitemap's policy entries with lastmod; the home page's latest policies."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from policies.choices import PolicyType

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def feed_policies(make_policy, elements):
    older = make_policy(
        title="计量文件",
        doc_number="计〔2020〕1号",
        elements=[elements["metrology"]],
        issue_date=datetime.date(2020, 5, 1),
        summary="计量摘要",
        en={"title": "Metrology policy", "summary": "Metrology summary"},
    )
    newer = make_policy(
        title="检测文件",
        doc_number="检〔2022〕2号",
        elements=[elements["testing"]],
        issue_date=datetime.date(2022, 3, 1),
        policy_type=PolicyType.NOTICE,
        en={"title": "Testing policy"},
    )
    draft = make_policy(title="草稿文件", elements=[elements["metrology"]], live=False)
    return older, newer, draft


def _rss(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def _atom(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def test_rss_lists_live_policies_newest_first_in_chinese(client, feed_policies):
    older, newer, _draft = feed_policies
    channel = _rss(client, "/policies/feed/rss/")
    assert channel.findtext("title") == "政策文件"
    assert channel.findtext("language") == "zh-Hans"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "检测文件（检〔2022〕2号）",
        "计量文件（计〔2020〕1号）",
    ]
    first = items[1]
    assert first.findtext("link") == f"http://testserver{older.url}"
    assert first.findtext("guid") == f"http://testserver{older.url}"
    assert first.findtext("description") == "计量摘要"
    assert first.findtext("pubDate").startswith("Fri, 01 May 2020 00:00:00 +0800")


def test_atom_in_english(client, feed_policies):
    feed = _atom(client, "/en/policies/feed/atom/")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert feed.findtext(f"{ATOM}title") == "Policies"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Testing policy (检〔2022〕2号)",
        "Metrology policy (计〔2020〕1号)",
    ]
    assert entries[1].findtext(f"{ATOM}summary") == "Metrology summary"
    assert entries[1].find(f"{ATOM}author").findtext(f"{ATOM}name") == (
        "State Administration for Market Regulation"
    )
    assert entries[0].findtext(f"{ATOM}published").startswith("2022-03-01T00:00:00+08:00")
    assert entries[0].findtext(f"{ATOM}id").startswith("http://testserver/en/policies/")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_element_feeds_list_only_that_element(client, feed_policies, kind):
    path = f"/policies/feed/element/metrology/{kind}/"
    if kind == "rss":
        titles = [i.findtext("title") for i in _rss(client, path).findall("item")]
    else:
        feed = _atom(client, path)
        titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
        assert "计量" in feed.findtext(f"{ATOM}title")
    assert titles == ["计量文件（计〔2020〕1号）"]
    en = _rss(client, "/en/policies/feed/element/testing/rss/")
    assert [i.findtext("title") for i in en.findall("item")] == ["Testing policy (检〔2022〕2号)"]
    assert "Inspection & testing" in en.findtext("title")


def test_unknown_element_feed_is_404(client, policy_index):
    assert client.get("/policies/feed/element/nothing/rss/").status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_feed_queries_are_bounded(
    client, make_policy, elements, django_assert_max_num_queries, size
):
    for number in range(size):
        make_policy(elements=[elements["metrology"]], summary=f"摘要{number}")
    for path in ("/policies/feed/rss/", "/policies/feed/element/metrology/atom/"):
        client.get(path)
        with django_assert_max_num_queries(12):
            assert client.get(path).status_code == 200


def test_sitemap_lists_policies_with_lastmod(client, feed_policies):
    older, _newer, draft = feed_policies
    xml = client.get("/sitemap.xml").content
    root = ET.fromstring(xml)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = {
        url.findtext(f"{namespace}loc"): url.findtext(f"{namespace}lastmod")
        for url in root.findall(f"{namespace}url")
    }
    older.refresh_from_db()
    published = timezone.localtime(older.last_published_at).date().isoformat()
    assert entries[f"http://testserver{older.url}"] == published
    en_older = older.get_translations().get()
    assert f"http://testserver{en_older.url}" in entries
    assert f"http://testserver/policies/{draft.slug}/" not in entries
    assert older.get_sitemap_urls()[0]["lastmod"] == older.last_published_at


def test_home_shows_the_latest_policies_in_each_language(client, feed_policies):
    html = client.get("/").content.decode()
    assert 'id="home-latest-policies"' in html
    assert html.index("检测文件") < html.index("计量文件")
    assert 'href="/policies/feed/rss/"' in html
    assert "草稿文件" not in html
    en = client.get("/en/").content.decode()
    assert "Testing policy" in en and "检测文件" not in en
    assert 'href="/en/policies/"' in en


def test_home_without_policies_has_no_section(client, home):
    assert 'id="home-latest-policies"' not in client.get("/").content.decode()
