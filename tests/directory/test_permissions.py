"""Provider editors: Wagtail page permissions on one provider's subtree, nothing else."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from directory.models import ProviderPage, ServicePage
from directory.services import grant_provider_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(imported, locales):
    own = ProviderPage.objects.get(external_id="org-a", locale=locales["zh-hans"])
    group = Group.objects.create(name="机构编辑：甲")
    grant_provider_editor(group, own)
    user = get_user_model().objects.create_user("editor-a", password="pw")
    user.groups.add(group)
    return user


def _service(external_id, locales, language="zh-hans"):
    return ServicePage.objects.get(external_id=external_id, locale=locales[language])


def test_editor_may_edit_own_services_in_both_languages(client, editor, locales):
    client.force_login(editor)
    for language in ("zh-hans", "en"):
        service = _service("svc-a1", locales, language)
        assert service.permissions_for_user(editor).can_edit()
        assert client.get(f"/admin/pages/{service.pk}/edit/").status_code == 200
    own = ProviderPage.objects.get(external_id="org-a", locale=locales["zh-hans"])
    assert own.permissions_for_user(editor).can_edit()
    assert own.permissions_for_user(editor).can_add_subpage()


def test_editor_cannot_edit_another_providers_services(client, editor, locales):
    client.force_login(editor)
    other = _service("svc-b1", locales)
    assert not other.permissions_for_user(editor).can_edit()
    response = client.get(f"/admin/pages/{other.pk}/edit/")
    assert response.status_code in (302, 403)
    response = client.post(
        f"/admin/pages/{other.pk}/edit/", {"title": "被篡改", "slug": other.slug}
    )
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert other.title == "ISO 9001 认证"
    other_provider = other.get_parent()
    assert not other_provider.permissions_for_user(editor).can_edit()
    assert not other_provider.permissions_for_user(editor).can_add_subpage()


def test_editor_saves_a_change_to_own_service_through_the_admin(client, editor, locales):
    client.force_login(editor)
    service = _service("svc-a1", locales)
    form = client.get(f"/admin/pages/{service.pk}/edit/").context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = value
    # Inline and stream fields come from the rendered form's management data.
    data.update(
        {
            "title": "电子秤检定（新）",
            "slug": service.slug,
            "summary": service.summary,
            "elements": [e.pk for e in service.elements.all()],
            "channels": service.channels,
            "fee_type": service.fee_type,
            "comments-TOTAL_FORMS": 0,
            "comments-INITIAL_FORMS": 0,
            "comments-MIN_NUM_FORMS": 0,
            "comments-MAX_NUM_FORMS": 1000,
        }
    )
    data = {k: v for k, v in data.items() if not hasattr(v, "all")}
    response = client.post(f"/admin/pages/{service.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    service.refresh_from_db()
    assert service.get_latest_revision_as_object().title == "电子秤检定（新）"


def test_admin_forms_of_every_directory_page_type_open(client, imported, admin_user, locales):
    from directory.models import SolutionPage, StationPage

    client.force_login(admin_user)
    zh = locales["zh-hans"]
    provider = ProviderPage.objects.get(external_id="org-a", locale=zh)
    station = StationPage.objects.get(external_id="station-1", locale=zh)
    solution = SolutionPage.objects.get(external_id="sol-1", locale=zh)
    for page in (provider, station, solution, _service("svc-a1", locales)):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page
    add = client.get(f"/admin/pages/add/directory/servicepage/{provider.pk}/")
    assert add.status_code == 200
    # Element choices are limited to the page's language.
    choices = add.context["form"].fields["elements"].queryset
    assert {element.locale_id for element in choices} == {zh.pk}
    assert client.get("/admin/snippets/directory/element/").status_code == 200
