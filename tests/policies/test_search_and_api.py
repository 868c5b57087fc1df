"""What other parts of the site build on: search fields, the read API, translation fields and
the element query the directory uses."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_document_number_is_searchable_and_filterable(make_policy):
    from policies.models import PolicyPage

    wanted = make_policy(title="一站式服务的意见", doc_number="国市监质〔2020〕177号")
    make_policy(title="另一份文件", doc_number="市监质发〔2021〕34号")
    found = list(PolicyPage.objects.live().search("国市监质〔2020〕177号"))
    assert found[0].pk == wanted.pk
    # FilterFields: the search backend can narrow by document number, status, level, type.
    filtered = PolicyPage.objects.filter(
        doc_number="市监质发〔2021〕34号", status="in_force", level="national"
    ).search("国市监质〔2020〕177号")
    assert list(filtered) == []
    filtered = PolicyPage.objects.filter(
        doc_number="国市监质〔2020〕177号", policy_type="normative"
    )
    assert [page.pk for page in filtered.search("国市监质〔2020〕177号")] == [wanted.pk]
    boosts = [
        field.boost
        for field in PolicyPage.search_fields
        if field.field_name == "doc_number" and hasattr(field, "boost")
    ]
    assert boosts and boosts[0] >= 5


def test_read_api_gives_policy_metadata(client, make_policy, elements):
    make_policy(doc_number="国市监质〔2020〕177号", elements=[elements["testing"]])
    response = client.get("/api/v2/pages/?type=policies.PolicyPage&fields=*")
    item = json.loads(response.content)["items"][0]
    assert item["doc_number"] == "国市监质〔2020〕177号"
    assert item["authority"] == "国家市场监督管理总局"
    assert item["elements"] == ["testing"]
    assert item["status"] == "in_force" and item["issue_date"] == "2021-01-01"


def test_translators_are_not_asked_for_the_document_number():
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    from policies.models import PolicyPage

    fields = {field.field_name: field for field in get_translatable_fields(PolicyPage)}
    assert isinstance(fields["doc_number"], SynchronizedField)
    assert not isinstance(fields["summary"], SynchronizedField)


def test_element_queries_for_the_directory(make_policy, elements, locales):
    from policies.models import PolicyPage
    from policies.services import policies_for_element

    policy = make_policy(elements=[elements["metrology"]], en={"title": "Metrology"})
    make_policy(elements=[elements["testing"]])
    en_metrology = elements["metrology"].get_translation(locales["en"])
    en_policy = policy.get_translation(locales["en"])
    # The query the directory's element page runs, in each language.
    assert list(
        PolicyPage.objects.live().filter(elements=elements["metrology"], locale=locales["zh-hans"])
    ) == [policy.specific]
    assert list(PolicyPage.objects.live().filter(elements=en_metrology, locale=locales["en"])) == [
        en_policy.specific
    ]
    assert list(policies_for_element(en_metrology)) == [en_policy.specific]
    assert list(policies_for_element(elements["metrology"], locales["en"])) == [en_policy.specific]
