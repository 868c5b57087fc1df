"""The demo content the issue asks for, and the admin screens of the policy library."""

from io import StringIO

import pytest
from django.core.management import call_command

from policies.models import IssuingAuthority, PolicyPage, PolicyRelation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(home):
    call_command("load_demo", stdout=StringIO())


def test_demo_policies(demo, locales):
    zh = PolicyPage.objects.live().filter(locale=locales["zh-hans"])
    assert zh.count() >= 12
    assert {p.level for p in zh} == {"national", "provincial", "municipal"}
    assert len({p.policy_type for p in zh}) >= 4
    for page in zh:
        translation = page.get_translation_or_none(locales["en"])
        assert translation is not None and translation.live, page.title
    for number in ("国市监质〔2020〕177号", "市监质发〔2021〕34号"):
        page = zh.get(doc_number=number)
        assert len(page.summary) > 80 and page.body
    interpretations = PolicyRelation.objects.filter(
        relation_type="interprets", from_policy__locale=locales["zh-hans"]
    )
    assert interpretations.count() >= 2
    assert {r.to_policy.doc_number for r in interpretations} >= {
        "国市监质〔2020〕177号",
        "市监质发〔2021〕34号",
    }
    replaced = PolicyRelation.objects.get(
        relation_type="replaces", from_policy__locale=locales["zh-hans"]
    ).to_policy
    assert replaced.status == "repealed"
    assert zh.get(doc_number="国市监质〔2020〕177号").attachments.exists()
    assert IssuingAuthority.objects.filter(locale=locales["en"]).count() >= 8


def test_demo_pages_render(client, demo):
    for path in (
        "/policies/",
        "/en/policies/",
        "/policies/samr-2020-177/",
        "/en/policies/ccc-2009/",
    ):
        assert client.get(path).status_code == 200, path
    html = client.get("/en/policies/ccc-2009/").content.decode()
    assert "This policy has been repealed" in html and "/en/policies/ccc-2022/" in html


def test_admin_screens(client, admin_user, demo, locales):
    client.force_login(admin_user)
    index = PolicyPage.objects.filter(locale=locales["zh-hans"]).first().get_parent()
    policy = PolicyPage.objects.get(doc_number="国市监质〔2020〕177号", locale=locales["zh-hans"])
    for path in (
        "/admin/policy_pages/",
        "/admin/policy_pages/?status=repealed",
        "/admin/snippets/policies/issuingauthority/",
        f"/admin/pages/{policy.pk}/edit/",
        f"/admin/pages/add/policies/policypage/{index.pk}/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    edit = client.get(f"/admin/pages/{policy.pk}/edit/").content.decode()
    assert "国市监质〔2020〕177号" in edit
    # Only the Chinese elements are offered on a Chinese page.
    assert "Metrology" not in edit.split('name="elements"')[0][-2000:]


def test_admin_form_rejects_a_relation_to_itself_and_duplicates(admin_user, demo, locales):
    from policies.models import PolicyPage as Model

    page = Model.objects.get(doc_number="国市监质〔2020〕177号", locale=locales["zh-hans"])
    other = Model.objects.get(doc_number="市监质发〔2021〕34号", locale=locales["zh-hans"])
    form_class = Model.get_edit_handler().get_form_class()

    def post(relations):
        data = {
            "title": page.title,
            "slug": page.slug,
            "doc_number": page.doc_number,
            "authority": page.authority_id,
            "level": page.level,
            "policy_type": page.policy_type,
            "issue_date": page.issue_date.isoformat(),
            "status": page.status,
            "summary": page.summary,
            "body-count": "0",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
            "relations-TOTAL_FORMS": str(len(relations)),
            "relations-INITIAL_FORMS": "0",
            "relations-MIN_NUM_FORMS": "0",
            "relations-MAX_NUM_FORMS": "1000",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
        }
        for number, (kind, target) in enumerate(relations):
            data[f"relations-{number}-relation_type"] = kind
            data[f"relations-{number}-to_policy"] = target.pk
            data[f"relations-{number}-ORDER"] = str(number + 1)
        form = form_class(data, instance=page, parent_page=page.get_parent(), for_user=admin_user)
        form.is_valid()
        return [form.errors for form in form.formsets["relations"].forms]

    assert post([("interprets", other)]) == [{}]
    assert "to_policy" in post([("interprets", page)])[0]
    errors = post([("amends", other), ("amends", other)])
    assert errors[0] == {} and "to_policy" in errors[1]


def test_editor_publishes_a_policy_through_the_admin(client, admin_user, demo, locales, elements):
    client.force_login(admin_user)
    zh = locales["zh-hans"]
    index = PolicyPage.objects.filter(locale=zh).first().get_parent()
    target = PolicyPage.objects.get(doc_number="国市监质〔2020〕177号", locale=zh)
    authority = IssuingAuthority.objects.get(name="广东省市场监督管理局", locale=zh)
    data = {
        "title": "编辑发布的解读",
        "slug": "editor-interpretation",
        "doc_number": "",
        "authority": authority.pk,
        "level": "provincial",
        "policy_type": "interpretation",
        "issue_date": "2024-05-06",
        "status": "in_force",
        "summary": "编辑写的摘要。",
        "elements": [elements["metrology"].pk],
        "body-count": "0",
        "action-publish": "action-publish",
    }
    for prefix, count in (("attachments", 0), ("relations", 1), ("comments", 0)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(count),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(
        {
            "relations-0-relation_type": "interprets",
            "relations-0-to_policy": target.pk,
            "relations-0-ORDER": "1",
        }
    )
    response = client.post(f"/admin/pages/add/policies/policypage/{index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = PolicyPage.objects.get(slug="editor-interpretation")
    assert page.live and page.relations.get().to_policy_id == target.pk
    client.logout()
    assert "编辑发布的解读" in client.get(target.url).content.decode()


def test_editor_translates_a_policy_with_wagtail_localize(
    client, admin_user, make_policy, elements, locales
):
    from policies.factories import create_authority

    authority = create_authority("某市市场监督管理局")  # no English name yet
    policy = make_policy(title="待翻译的文件", authority=authority, elements=[elements["testing"]])
    client.force_login(admin_user)
    response = client.post(
        f"/admin/localize/submit/page/{policy.pk}/",
        {"locales": [locales["en"].pk], "include_subtree": ""},
    )
    assert response.status_code == 302
    translation = policy.get_translation_or_none(locales["en"])
    assert translation is not None
    translation = translation.specific
    assert translation.doc_number == policy.doc_number
    assert [e.locale_id for e in translation.elements.all()] == [locales["en"].pk]
    assert translation.authority.locale_id == locales["en"].pk
    assert client.get(f"/admin/pages/{translation.pk}/edit/").status_code == 200
