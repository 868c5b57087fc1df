"""Related services: on the policy page in each language, on the directory's service and
element pages, in the admin form, and within the policy page's query bound."""

import pytest

from policies.choices import RelationType

pytestmark = pytest.mark.django_db


def test_policy_page_lists_its_services_in_each_language(client, make_policy, make_service):
    scale = make_service("电子秤检定", en="Scale verification")
    calibration = make_service("仪器校准")  # not translated
    policy = make_policy(title="计量政策", en={"title": "Metrology policy"})
    policy.related_services = [scale, calibration]
    policy.save_revision().publish()
    en_policy = policy.get_translations().get().specific
    en_policy.related_services = [scale, calibration]  # as copied by a translation
    en_policy.save_revision().publish()

    html = client.get(policy.url).content.decode()
    assert 'id="services-heading"' in html
    assert f'href="{scale.url}">电子秤检定</a>' in html
    assert f'href="{calibration.url}">仪器校准</a>' in html
    en_scale = scale.get_translations().get()
    # The English page links the English service, and keeps the untranslated one in Chinese.
    assert sorted(s.pk for s in en_policy.related_services.all()) == sorted(
        [en_scale.pk, calibration.pk]
    )
    html = client.get(en_policy.url).content.decode()
    assert f'href="{en_scale.url}">Scale verification</a>' in html
    assert f'href="{calibration.url}">仪器校准</a>' in html


def test_unpublished_services_are_not_listed(client, make_policy, make_service):
    service = make_service("已下线服务")
    policy = make_policy(title="政策")
    policy.related_services = [service]
    policy.save_revision().publish()
    service.unpublish()
    assert 'id="services-heading"' not in client.get(policy.url).content.decode()


def test_directory_pages_list_the_policies(client, make_policy, make_service, elements):
    service = make_service("电子秤检定", codes=("metrology",))
    policy = make_policy(title="计量器具检定政策", elements=[elements["metrology"]])
    policy.related_services = [service]
    policy.save_revision().publish()
    make_policy(title="检测政策", elements=[elements["testing"]])
    html = client.get(service.url).content.decode()
    assert f'href="{policy.url}">计量器具检定政策</a>' in html
    element_page = client.get("/services/element/metrology/")
    assert element_page.status_code == 200
    html = element_page.content.decode()
    assert "计量器具检定政策" in html and "检测政策" not in html


def test_admin_form_offers_services_of_the_page_language(admin_user, make_policy, make_service):
    from policies.models import PolicyPage

    make_service("电子秤检定", en="Scale verification")
    policy = make_policy(en={"title": "Policy"})
    form_class = PolicyPage.get_edit_handler().get_form_class()
    zh_form = form_class(instance=policy, parent_page=policy.get_parent(), for_user=admin_user)
    labels = [label for _value, label in zh_form.fields["related_services"].choices]
    assert len(labels) == 1 and labels[0].endswith("— 电子秤检定")
    en_policy = policy.get_translations().get().specific
    en_form = form_class(
        instance=en_policy, parent_page=en_policy.get_parent(), for_user=admin_user
    )
    labels = [label for _value, label in en_form.fields["related_services"].choices]
    assert len(labels) == 1 and labels[0].endswith("— Scale verification")


@pytest.mark.parametrize("size", [1, 10])
def test_policy_page_queries_do_not_grow_with_services(
    client, make_policy, make_service, django_assert_max_num_queries, size
):
    services = [make_service(f"服务{n}", en=f"Service {n}") for n in range(size)]
    target = make_policy(title="原文件")
    policy = make_policy(title="政策", relations=[(RelationType.AMENDS, target)])
    policy.related_services = services
    policy.save_revision().publish()
    client.get(policy.url)
    with django_assert_max_num_queries(26):
        html = client.get(policy.url).content.decode()
    section = html[html.index('id="services-heading"') :]
    section = section[: section.index("</section>")]
    assert section.count('<li><a href="/providers/') == size
