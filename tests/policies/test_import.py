"""``manage.py import_policies``: a valid file, idempotence, updates by id and by document
number, dry runs, sanitised HTML, and bad records rejected with nothing written."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from policies.models import IssuingAuthority, PolicyPage, PolicyRelation

pytestmark = pytest.mark.django_db

RECORDS = [
    {
        "title": "关于大力开展质量基础设施“一站式”服务的意见",
        "doc_number": "国市监质〔2020〕177号",
        "authority": "国家市场监督管理总局",
        "level": "national",
        "type": "normative",
        "issue_date": "2020-11-05",
        "status": "in_force",
        "summary": "统筹质量基础设施要素。",
        "body": "<h2>要点</h2><p>一站式服务。</p>",
        "elements": ["metrology", "standards"],
        "source_url": "https://www.samr.gov.cn/",
        "relations": [],
        "translations": {
            "en": {
                "title": "Opinions on QI one-stop services",
                "summary": "Bring QI together.",
                "body": "<p>One stop.</p>",
            }
        },
        "x_note": "unknown keys are ignored",
    },
    {
        "id": "interp-177",
        "title": "意见解读",
        "doc_number": "",
        "authority": "广东省市场监督管理局",
        "level": "provincial",
        "type": "interpretation",
        "issue_date": "2020-12-10",
        "effective_date": None,
        "status": "in_force",
        "summary": "问答。",
        "body": "<p>什么是一站式？</p>",
        "elements": ["metrology"],
        "relations": [{"type": "interprets", "doc_number": "国市监质〔2020〕177号"}],
        "translations": {"en": {"title": "Questions and answers"}},
    },
    {
        "id": 42,
        "title": "旧规定",
        "doc_number": "旧〔2009〕117号",
        "authority": "国家市场监督管理总局",
        "level": "national",
        "type": "regulation",
        "issue_date": "2009-07-03",
        "effective_date": "2009-09-01",
        "expiry_date": "2022-11-01",
        "status": "repealed",
        "summary": "",
        "body": "",
        "elements": [],
        "relations": [],
    },
    {
        "id": "new-rules",
        "title": "新规定",
        "doc_number": "新〔2022〕61号",
        "authority": "国家市场监督管理总局",
        "level": "national",
        "type": "regulation",
        "issue_date": "2022-09-29",
        "effective_date": "2022-11-01",
        "status": "in_force",
        "summary": "现行规定。",
        "body": "<p>正文</p>",
        "elements": ["certification"],
        "source_url": "",
        "relations": [{"type": "replaces", "doc_number": "旧〔2009〕117号"}],
    },
]


@pytest.fixture
def write_file(tmp_path):
    def write(records, name="policies.json"):
        path = tmp_path / name
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        return str(path)

    return write


def run(path, *args):
    out = StringIO()
    call_command("import_policies", path, *args, stdout=out)
    return out.getvalue()


def test_import_creates_pages_translations_authorities_and_relations(
    client, policy_index, write_file
):
    output = run(write_file(RECORDS))
    assert "4 created, 0 updated, 0 unchanged" in output
    assert "translations: 2 created" in output
    zh = PolicyPage.objects.filter(locale=policy_index.locale)
    assert zh.count() == 4 and all(page.live for page in zh)
    assert all(page.get_parent().pk == policy_index.pk for page in zh)
    opinion = zh.get(doc_number="国市监质〔2020〕177号")
    assert opinion.authority.name == "国家市场监督管理总局"
    assert opinion.level == "national" and opinion.policy_type == "normative"
    assert opinion.source_url == "https://www.samr.gov.cn/"
    assert sorted(e.code for e in opinion.elements.all()) == ["metrology", "standards"]
    assert opinion.body[0].block_type == "text"
    assert str(opinion.body[0].value.source) == "<h3>要点</h3><p>一站式服务。</p>"
    province = IssuingAuthority.objects.get(name="广东省市场监督管理局", locale=policy_index.locale)
    assert province.level == "provincial"  # created from the record that named it
    interpretation = zh.get(external_id="interp-177")
    assert interpretation.doc_number == ""
    assert [(r.relation_type, r.to_policy_id) for r in interpretation.relations.all()] == [
        ("interprets", opinion.pk)
    ]
    assert zh.get(external_id="42").status == "repealed"
    # English pages: texts from translations, metadata from the record, English elements.
    en_opinion = opinion.get_translations().get().specific
    assert en_opinion.title == "Opinions on QI one-stop services"
    assert en_opinion.summary == "Bring QI together."
    assert en_opinion.doc_number == "国市监质〔2020〕177号"
    assert sorted(e.name for e in en_opinion.elements.all()) == ["Metrology", "Standards"]
    en_interpretation = interpretation.get_translations().get().specific
    assert en_interpretation.summary == ""  # no summary in the translation
    assert en_interpretation.relations.get().to_policy_id == en_opinion.pk
    # Both sides show, in both languages.
    html = client.get(opinion.url).content.decode()
    assert f'href="{interpretation.url}">意见解读</a>' in html
    html = client.get(en_opinion.url).content.decode()
    assert f'href="{en_interpretation.url}">Questions and answers</a>' in html
    old = zh.get(external_id="42")
    assert "policy-banner-repealed" in client.get(old.url).content.decode()
    assert f'href="{zh.get(external_id="new-rules").url}"' in client.get(old.url).content.decode()


def test_second_import_changes_nothing(policy_index, write_file):
    path = write_file(RECORDS)
    run(path)
    pages = list(Page.objects.order_by("path").values_list("pk", "path", "latest_revision_id"))
    revisions = Revision.objects.count()
    relations = list(PolicyRelation.objects.order_by("pk").values_list("pk", flat=True))
    output = run(path)
    assert "0 created, 0 updated, 4 unchanged" in output
    assert "translations: 0 created, 0 updated" in output
    assert list(Page.objects.order_by("path").values_list("pk", "path", "latest_revision_id")) == (
        pages
    )
    assert Revision.objects.count() == revisions
    assert list(PolicyRelation.objects.order_by("pk").values_list("pk", flat=True)) == relations


def test_update_by_id_and_by_document_number(policy_index, write_file):
    run(write_file(RECORDS))
    before = dict(PolicyPage.objects.values_list("title", "pk"))
    changed = copy.deepcopy(RECORDS)
    changed[0]["summary"] = "新的摘要。"  # no id: matched by doc_number
    changed[2]["doc_number"] = "旧〔2009〕117号（修订）"  # matched by id, renumbered
    changed[3]["relations"] = [{"type": "replaces", "doc_number": "旧〔2009〕117号（修订）"}]
    changed[1]["relations"] = []
    output = run(write_file(changed, "changed.json"))
    assert "0 created, 3 updated, 1 unchanged" in output
    assert dict(PolicyPage.objects.values_list("title", "pk")) == before
    assert PolicyPage.objects.get(
        pk=before["关于大力开展质量基础设施“一站式”服务的意见"]
    ).summary == ("新的摘要。")
    assert PolicyPage.objects.get(external_id="42", locale=policy_index.locale).doc_number == (
        "旧〔2009〕117号（修订）"
    )
    interpretation = PolicyPage.objects.get(pk=before["意见解读"])
    assert not interpretation.relations.exists()
    assert not interpretation.get_translations().get().specific.relations.exists()


def test_relation_to_a_policy_already_on_the_site(policy_index, write_file):
    run(write_file(RECORDS[:1]))
    interpretation = copy.deepcopy(RECORDS[1])
    output = run(write_file([interpretation], "more.json"))
    assert "1 created" in output
    page = PolicyPage.objects.get(external_id="interp-177", locale=policy_index.locale)
    assert page.relations.get().to_policy.doc_number == "国市监质〔2020〕177号"


def test_dry_run_writes_nothing(policy_index, write_file):
    pages, authorities = Page.objects.count(), IssuingAuthority.objects.count()
    output = run(write_file(RECORDS), "--dry-run")
    assert "Dry run, nothing written" in output and "4 created" in output
    assert Page.objects.count() == pages
    assert IssuingAuthority.objects.count() == authorities


def test_into_a_site_without_a_policy_library(home, elements, write_file):
    run(write_file(RECORDS[:1]))
    page = PolicyPage.objects.get(locale=home.locale)
    assert page.get_parent().slug == "policies" and page.get_parent().live
    en_page = page.get_translations().get()
    assert en_page.get_parent().slug == "policies" and en_page.get_parent().live


def test_body_html_is_sanitised(policy_index, write_file):
    record = copy.deepcopy(RECORDS[0])
    record["body"] = (
        '<h1 class="x">标题</h1><p onclick="steal()">段落 <strong>加粗</strong> <em>斜体</em>'
        '<script>alert(1)</script><a href="javascript:alert(1)">坏链接</a> '
        '<a href="https://www.samr.gov.cn/" target="_blank" style="color:red">好链接</a></p>'
        "<iframe src='https://evil.example/'></iframe><style>p{}</style><!-- note -->"
        "<table><tr><td>甲</td><td>乙</td></tr></table>"
    )
    record["translations"]["en"]["body"] = "Plain text\n\nSecond paragraph"
    run(write_file([record]))
    page = PolicyPage.objects.get(locale=policy_index.locale)
    html = page.body[0].value.source
    assert html == (
        "<h3>标题</h3><p>段落 <b>加粗</b> <i>斜体</i>坏链接 "
        '<a href="https://www.samr.gov.cn/">好链接</a></p>甲 乙 <br>'
    )
    en = page.get_translations().get().specific
    assert en.body[0].value.source == "<p>Plain text</p><p>Second paragraph</p>"


BAD_RECORDS = [
    # (change to the second record, field named in the error)
    ({"title": ""}, '"title": is required'),
    ({"title": 123}, '"title": must be a string'),
    ({"level": "federal"}, '"level": "federal" is not one of national, provincial, municipal'),
    ({"level": None}, '"level": is required'),
    ({"type": "decree"}, '"type": "decree" is not one of law, regulation'),
    ({"status": "active"}, '"status": "active" is not one of in_force, amended, repealed'),
    ({"issue_date": "2020/12/10"}, '"issue_date": "2020/12/10" is not an ISO date'),
    ({"issue_date": "2021-02-30"}, '"issue_date": "2021-02-30" is not a real date'),
    ({"issue_date": None}, '"issue_date": is required'),
    ({"effective_date": "soon"}, '"effective_date": "soon" is not an ISO date'),
    ({"expiry_date": "2019-01-01"}, '"expiry_date": is before the issue_date'),
    ({"authority": ""}, '"authority": is required'),
    ({"elements": ["metrology", "nope"]}, '"elements[1]": unknown element code "nope"'),
    ({"elements": "metrology"}, '"elements": must be a list'),
    ({"relations": [{"type": "cites", "doc_number": "x"}]}, '"relations[0].type": "cites"'),
    (
        {"relations": [{"type": "interprets", "doc_number": "不存在〔2000〕1号"}]},
        '"relations[0].doc_number": no policy has the document number "不存在〔2000〕1号"',
    ),
    ({"relations": [{"type": "interprets"}]}, '"relations[0].doc_number": is required'),
    ({"source_url": "not a url"}, '"source_url": "not a url" is not an http(s) address'),
    ({"source_url": "ftp://example.com/a.pdf"}, '"source_url"'),
    ({"translations": {"fr": {"title": "x"}}}, '"translations.fr": "fr" is not a translation'),
    ({"translations": {"en": {"summary": "x"}}}, '"translations.en.title": is required'),
    ({"translations": ["en"]}, '"translations": must be an object'),
    ({"id": None, "doc_number": ""}, '"doc_number": is required'),
    ({"id": True}, '"id": must be a string or a whole number'),
    (
        {"doc_number": "国市监质〔2020〕177号"},
        '"doc_number": the same doc_number is used by record 1',
    ),
    ({"summary": "长" * 2001}, '"summary": is 2001 characters long; at most 2000'),
]


@pytest.mark.parametrize(("change", "message"), BAD_RECORDS, ids=[m for _, m in BAD_RECORDS])
def test_bad_record_is_rejected_and_nothing_is_written(policy_index, write_file, change, message):
    records = copy.deepcopy(RECORDS[:2])
    records[1].update(change)
    pages, authorities = Page.objects.count(), IssuingAuthority.objects.count()
    with pytest.raises(CommandError) as error:
        run(write_file(records))
    text = str(error.value)
    assert text.startswith("Nothing was imported")
    assert "record 2 (index 1" in text
    assert message in text
    assert error.value.returncode == 1
    assert Page.objects.count() == pages
    assert IssuingAuthority.objects.count() == authorities


def test_every_bad_record_is_reported(policy_index, write_file):
    records = copy.deepcopy(RECORDS)
    records[0]["level"] = "federal"
    records[3]["issue_date"] = "yesterday"
    records.append("not an object")
    with pytest.raises(CommandError) as error:
        run(write_file(records))
    text = str(error.value)
    assert "3 errors" in text
    assert 'record 1 (index 0, doc_number "国市监质〔2020〕177号"), field "level"' in text
    assert (
        'record 4 (index 3, id "new-rules", doc_number "新〔2022〕61号"), field "issue_date"'
        in text
    )
    assert "record 5 (index 4): must be a JSON object" in text
    assert not PolicyPage.objects.exists()


def test_a_new_id_with_a_known_document_number_updates_that_policy(policy_index, write_file):
    run(write_file(RECORDS))
    page = PolicyPage.objects.get(external_id="new-rules", locale=policy_index.locale)
    record = copy.deepcopy(RECORDS[3])
    record["id"] = "other-system-61"
    record["title"] = "新规定（另一来源）"
    assert "0 created, 1 updated" in run(write_file([record], "other.json"))
    page.refresh_from_db()
    assert (page.external_id, page.title) == ("other-system-61", "新规定（另一来源）")
    assert "0 created, 0 updated, 1 unchanged" in run(write_file([record], "other.json"))


def test_id_and_document_number_of_two_different_policies(policy_index, write_file):
    run(write_file(RECORDS))
    record = copy.deepcopy(RECORDS[3])
    record["doc_number"] = "旧〔2009〕117号"  # belongs to the policy with id 42
    record["relations"] = []
    with pytest.raises(CommandError) as error:
        run(write_file([record], "clash.json"))
    assert 'field "doc_number": already used by another policy, “旧规定”' in str(error.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"title": "x"}', "must contain a JSON list"),
        ("[{]", "is not valid JSON: Expecting property name"),
        ("", "is not valid JSON"),
    ],
)
def test_unreadable_files(policy_index, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(str(path))


def test_missing_file(policy_index, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.json"))


def test_reads_standard_input(policy_index, monkeypatch):
    monkeypatch.setattr("sys.stdin", StringIO(json.dumps(RECORDS[:1], ensure_ascii=False)))
    assert "1 created" in run("-")


def test_into_a_fresh_site(fresh_site, locales, write_file):
    """After ``migrate`` alone: the home page, the library and the elements are made."""
    from directory.models import Element

    assert not Element.objects.exists()
    output = run(write_file(RECORDS))
    assert "4 created" in output
    page = PolicyPage.objects.get(doc_number="国市监质〔2020〕177号", locale=locales["zh-hans"])
    assert page.get_parent().get_parent().specific_class.__name__ == "HomePage"
    assert Element.objects.filter(locale=locales["en"]).count() == 7
