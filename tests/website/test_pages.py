"""Home and standard pages in both languages, the switcher, hreflang, error pages, query bounds."""

import json
import re

import pytest
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def _json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_home_in_chinese(client, home):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert home.hero_title in html
    assert html.count("<h1") == 1
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    assert "粤ICP备" in html  # footer ICP licence number from site settings


def test_home_in_english(client, en_home):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Quality services, one stop" in html
    assert "Skip to main content" in html


def test_switcher_and_hreflang_link_the_translations(client, standard_page):
    html = client.get("/guide/").content.decode()
    assert 'href="/en/guide/" hreflang="en"' in html
    assert 'hreflang="en" href="http://testserver/en/guide/"' in html
    assert 'hreflang="x-default" href="http://testserver/guide/"' in html
    html_en = client.get("/en/guide/").content.decode()
    assert 'href="/guide/" hreflang="zh-hans"' in html_en
    assert 'hreflang="zh-Hans" href="http://testserver/guide/"' in html_en


def test_switcher_falls_back_to_home_when_untranslated(client, home, locales):
    from website.models import StandardPage

    only_zh = StandardPage(title="仅中文", slug="only-zh")
    home.add_child(instance=only_zh)
    only_zh.save_revision().publish()
    html = client.get("/only-zh/").content.decode()
    assert 'href="/en/" hreflang="en"' in html
    assert 'hreflang="en" href' not in html  # no alternate for a translation that does not exist


def test_standard_page_in_both_languages(client, standard_page):
    zh = client.get("/guide/")
    en = client.get("/en/guide/")
    assert zh.status_code == en.status_code == 200
    assert "办事指南" in zh.content.decode() and "Guide" in en.content.decode()
    data = _json_ld(en.content.decode())
    assert data[0]["@type"] == "WebPage" and data[0]["inLanguage"] == "en"


def test_menu_shows_pages_marked_for_menus_in_the_active_language(client, standard_page):
    html = client.get("/en/").content.decode()
    assert '<a href="/en/guide/">Guide</a>' in html
    assert "办事指南" not in html


def test_home_json_ld_is_valid(client, home):
    data = _json_ld(client.get("/").content.decode())
    assert data[0]["@context"] == "https://schema.org"
    assert data[0]["@type"] == "GovernmentOrganization"


@pytest.mark.parametrize(
    ("path", "text"), [("/nope/", "找不到页面"), ("/en/nope/", "Page not found")]
)
def test_404_in_both_languages(client, home, path, text):
    response = client.get(path)
    assert response.status_code == 404
    assert text in response.content.decode()


def test_500_page_renders_without_request_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "<h1>" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/en/", "/guide/", "/en/guide/"])
def test_pages_render_with_bounded_queries(
    client, standard_page, django_assert_max_num_queries, path
):
    client.get(path)  # warm caches that are per process, not per request
    with django_assert_max_num_queries(20):
        assert client.get(path).status_code == 200


def test_query_count_does_not_grow_with_menu_size(client, home, django_assert_max_num_queries):
    from website.models import StandardPage

    for number in range(15):
        page = StandardPage(title=f"页面{number}", slug=f"p{number}", show_in_menus=True)
        home.add_child(instance=page)
        page.save_revision().publish()
    with django_assert_max_num_queries(20):
        assert client.get("/").status_code == 200


def test_robots_and_sitemap(client, standard_page):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/guide/" in sitemap and "http://testserver/en/guide/" in sitemap


def test_editor_can_translate_a_page_with_wagtail_localize(client, admin_user, standard_page):
    """The admin's "Translate" action (wagtail-localize) creates the English draft."""
    from website.models import StandardPage

    zh_page = StandardPage(title="新页面", slug="new-page", intro="介绍")
    standard_page.zh.get_parent().add_child(instance=zh_page)
    zh_page.save_revision().publish()
    client.force_login(admin_user)
    en_locale_id = Page.objects.get(pk=standard_page.en.pk).locale_id
    response = client.post(
        f"/admin/localize/submit/page/{zh_page.pk}/",
        {"locales": [en_locale_id], "include_subtree": ""},
    )
    assert response.status_code == 302
    translation = zh_page.get_translation_or_none(Page.objects.get(pk=standard_page.en.pk).locale)
    assert translation is not None
    editor = client.get(f"/admin/pages/{translation.pk}/edit/")
    assert editor.status_code == 200


def test_admin_speaks_chinese_to_a_zh_hans_user(client, admin_user):
    from website.demo import set_admin_language

    set_admin_language(admin_user, "zh-hans")
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert 'lang="zh-hans"' in html or 'lang="zh-Hans"' in html
    assert "控制面板" in html  # "Dashboard" in Wagtail's own zh-hans catalogue
