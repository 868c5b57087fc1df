"""Translating a policy in the admin with wagtail-localize. (The demo's policies and the admin
screens over them are tested with the whole demo in tests/test_demo.py.)"""

import pytest

pytestmark = pytest.mark.django_db


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
