"""The Wagtail admin in zh-hans: the msgids Wagtail's own zh_Hans catalogues lack are translated by
the project's ``locale_wagtail`` catalogue, so the dashboard, the page explorer and the page editor
show no English to a zh-hans editor."""

import json
import re
from pathlib import Path

import polib
import pytest

from website.demo import set_admin_language

CATALOGUES = Path(__file__).resolve().parents[2] / "locale_wagtail" / "zh_Hans" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


@pytest.fixture
def zh_admin(client, admin_user):
    set_admin_language(admin_user, "zh-hans")
    client.force_login(admin_user)
    return client


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("domain", "least"), [("django", 300), ("djangojs", 15)])
def test_catalogue_is_complete_and_keeps_placeholders(domain, least):
    po = polib.pofile(str(CATALOGUES / f"{domain}.po"))
    assert len(po) >= least and po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    for entry in po:
        assert "fuzzy" not in entry.flags, entry.msgid
        text = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        assert text, entry.msgid
        allowed = set(PLACEHOLDER.findall(entry.msgid)) | set(
            PLACEHOLDER.findall(entry.msgid_plural)
        )
        assert set(PLACEHOLDER.findall(text)) <= allowed, entry.msgid


@pytest.mark.django_db
def test_dashboard_in_zh_hans(zh_admin):
    html = _html(zh_admin, "/admin/")
    assert "Search all pages" not in html
    assert "搜索所有页面…" in html


@pytest.mark.django_db
def test_admin_javascript_catalogue_in_zh_hans(zh_admin):
    script = _html(zh_admin, "/admin/jsi18n/")
    catalogue = json.loads(script.split("const newcatalog = ", 1)[1].split(";\n", 1)[0])
    assert catalogue["Autosave in progress…"] == "正在自动保存…"
    assert catalogue["%(num)s error"] == ["%(num)s 个错误"]


EXPLORER = {"Has child pages": "有子页面", "Edited by": "编辑者", "Date updated": "更新日期"}
EDITOR = {
    "Schedule to publish": "排期发布",
    "Choose who can view the live version of this page": "选择谁可以查看此页面的线上版本",
    "Content metrics": "内容指标",
    "Show keyboard shortcuts": "显示键盘快捷键",
    "Autosave is paused": "自动保存已暂停",
}


@pytest.mark.django_db
def test_page_explorer_and_editor_in_zh_hans(zh_admin, home, django_assert_max_num_queries):
    with django_assert_max_num_queries(60):
        explorer = _html(zh_admin, f"/admin/pages/{home.pk}/")
    editor = _html(zh_admin, f"/admin/pages/{home.pk}/edit/")
    for html, strings in ((explorer, EXPLORER), (editor, EDITOR)):
        for english, chinese in strings.items():
            assert english not in html
            assert chinese in html
