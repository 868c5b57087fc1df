"""The policy page: metadata, status banners, relations on both sides in both languages,
attachments, element links to the English elements, JSON-LD, admin form checks, query bounds."""

import datetime
import json
import re

import pytest
from django.core.files.base import ContentFile

from policies.choices import Level, PolicyStatus, PolicyType, RelationType

pytestmark = pytest.mark.django_db


def _json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def _get(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_metadata_is_shown(client, make_policy, elements):
    policy = make_policy(
        title="关于大力开展质量基础设施“一站式”服务的意见",
        doc_number="国市监质〔2020〕177号",
        level=Level.NATIONAL,
        policy_type=PolicyType.NORMATIVE,
        issue_date=datetime.date(2020, 11, 5),
        effective_date=datetime.date(2020, 12, 1),
        summary="统筹质量基础设施要素，为企业提供一站式服务。",
        body=[("text", "<p>正文内容</p>")],
        elements=[elements["metrology"], elements["testing"]],
        source_url="https://www.samr.gov.cn/",
    )
    html = _get(client, policy)
    assert html.count("<h1") == 1
    assert "国市监质〔2020〕177号" in html
    assert "国家市场监督管理总局" in html and 'href="https://www.samr.gov.cn/"' in html
    assert 'datetime="2020-11-05"' in html and 'datetime="2020-12-01"' in html
    assert "统筹质量基础设施要素" in html and "正文内容" in html
    assert 'href="/policies/?element=metrology"' in html
    assert 'href="/policies/?element=testing"' in html
    assert "policy-banner" not in html


def test_repealed_policy_shows_a_banner_linking_its_replacement(client, make_policy):
    old = make_policy(
        title="旧规定",
        status=PolicyStatus.REPEALED,
        expiry_date=datetime.date(2022, 11, 1),
        issue_date=datetime.date(2009, 7, 3),
    )
    new = make_policy(title="新规定", relations=[(RelationType.REPLACES, old)])
    html = _get(client, old)
    banner = html[html.index('class="policy-banner policy-banner-repealed"') :]
    banner = banner[: banner.index("</div>")]
    assert 'datetime="2022-11-01"' not in banner  # the date is written out for people
    assert f'href="{new.url}"' in banner and "新规定" in banner
    # The replacement says what it replaced, and has no banner itself.
    new_html = _get(client, new)
    assert "policy-banner" not in new_html
    assert f'href="{old.url}"' in new_html


def test_repealed_banner_without_known_replacement(client, make_policy):
    old = make_policy(title="废止文件", status=PolicyStatus.REPEALED)
    html = _get(client, old)
    assert "policy-banner-repealed" in html
    assert "被以下文件取代" not in html and "Replaced by" not in html


def test_amended_policy_names_the_amendment(client, make_policy):
    original = make_policy(title="管理办法", status=PolicyStatus.AMENDED)
    amendment = make_policy(title="修改决定", relations=[(RelationType.AMENDS, original)])
    html = _get(client, original)
    assert "policy-banner-amended" in html
    assert f'href="{amendment.url}"' in html


@pytest.mark.parametrize(
    ("relation_type", "here", "there"),
    [
        (RelationType.INTERPRETS, "Interprets", "Interpreted by"),
        (RelationType.REPLACES, "Replaces", "Replaced by"),
        (RelationType.AMENDS, "Amends", "Amended by"),
    ],
)
def test_relations_show_on_both_sides_in_both_languages(
    client, make_policy, locales, relation_type, here, there
):
    target = make_policy(title="原文件", en={"title": "Original"})
    source = make_policy(title="新文件", relations=[(relation_type, target)], en={"title": "Newer"})
    en_target = target.get_translation(locales["en"])
    en_source = source.get_translation(locales["en"])
    # English pages: labels in English, links to the English pages (the relation is only held
    # by the Chinese source page's copy and the English copy of it points at the Chinese target).
    source_html = _get(client, en_source)
    assert f'<h3 class="relation-{relation_type}">{here}</h3>' in source_html
    assert f'href="{en_target.url}">Original</a>' in source_html
    target_html = _get(client, en_target)
    assert f'<h3 class="relation-{relation_type}">{there}</h3>' in target_html
    assert f'href="{en_source.url}">Newer</a>' in target_html
    # Chinese pages link the Chinese pages.
    assert f'href="{source.url}">新文件</a>' in _get(client, target)
    assert f'href="{target.url}">原文件</a>' in _get(client, source)


def test_relation_from_an_untranslated_policy_falls_back_to_its_language(
    client, make_policy, locales
):
    target = make_policy(title="原文件", en={"title": "Original"})
    make_policy(title="仅中文的解读", relations=[(RelationType.INTERPRETS, target)])
    en_target = target.get_translation(locales["en"])
    html = _get(client, en_target)
    assert "Interpreted by" in html and "仅中文的解读" in html


def test_unpublished_relations_are_not_shown(client, make_policy):
    target = make_policy(title="原文件")
    draft = make_policy(title="草稿解读", relations=[(RelationType.INTERPRETS, target)])
    draft.unpublish()
    assert "草稿解读" not in _get(client, target)


def test_english_translation_links_english_elements_and_authority(make_policy, elements):
    policy = make_policy(elements=[elements["standards"]], en={"title": "Standards policy"})
    translation = policy.get_translations().get().specific
    assert [e.name for e in translation.elements.all()] == ["Standards"]
    assert translation.authority.name == "State Administration for Market Regulation"
    assert translation.authority.locale_id == translation.locale_id


def test_attachments_are_listed(client, make_policy):
    from wagtail.documents import get_document_model

    from policies.models import PolicyPageAttachment

    document = get_document_model()(title="正式文本", language="zh-hans")
    document.file.save("official.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    policy = make_policy(title="有附件的文件")
    policy.attachments.add(PolicyPageAttachment(document=document, title="官方 PDF"))
    policy.save_revision().publish()
    html = _get(client, policy)
    assert 'id="attachments-heading"' in html
    assert f'href="{document.url}">官方 PDF</a>' in html
    assert "(PDF" in html


def test_structured_data_is_legislation(client, make_policy):
    target = make_policy(title="原文件", doc_number="国市监质〔2020〕177号")
    policy = make_policy(
        title="解读",
        doc_number="",
        policy_type=PolicyType.INTERPRETATION,
        level=Level.PROVINCIAL,
        issue_date=datetime.date(2020, 12, 10),
        effective_date=datetime.date(2021, 1, 1),
        expiry_date=datetime.date(2025, 1, 1),
        summary="说明",
        relations=[(RelationType.INTERPRETS, target)],
    )
    data = _json_ld(_get(client, policy))[0]
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Legislation"
    assert data["name"] == "解读"
    assert data["legislationDate"] == "2020-12-10"
    assert data["legislationDateOfApplicability"] == "2021-01-01"
    assert data["expires"] == "2025-01-01"
    assert data["legislationPassedBy"] == {
        "@type": "GovernmentOrganization",
        "name": "国家市场监督管理总局",
        "url": "https://www.samr.gov.cn/",
    }
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert "legislationIdentifier" not in data  # interpretations may have no number
    assert data["isBasedOn"][0]["legislationIdentifier"] == "国市监质〔2020〕177号"
    assert data["url"] == f"http://testserver{policy.url}"
    target_data = _json_ld(_get(client, target))[0]
    assert target_data["legislationIdentifier"] == "国市监质〔2020〕177号"


def test_repealed_structured_data_is_not_in_force(client, make_policy):
    policy = make_policy(status=PolicyStatus.REPEALED)
    data = _json_ld(_get(client, policy))[0]
    assert data["legislationLegalForce"] == "https://schema.org/NotInForce"


@pytest.mark.parametrize("size", [1, 12])
def test_policy_page_queries_do_not_grow_with_relations_and_elements(
    client, make_policy, elements, django_assert_max_num_queries, size
):
    from wagtail.documents import get_document_model

    from policies.models import PolicyPageAttachment

    others = [make_policy(title=f"相关{n}", en={"title": f"Related {n}"}) for n in range(size)]
    relations = [(RelationType.AMENDS, other) for other in others]
    policy = make_policy(
        title="主文件",
        elements=list(elements.values())[: min(size, 7)],
        relations=relations,
        en={"title": "Main"},
    )
    for other in others:  # incoming relations too
        other.relations.add(
            type(policy.relations.first())(relation_type=RelationType.INTERPRETS, to_policy=policy)
        )
        other.save_revision().publish()
    for number in range(size):
        document = get_document_model()(title=f"附件{number}")
        document.file.save(f"a{number}.pdf", ContentFile(b"%PDF-1.4"), save=False)
        document.save()
        policy.attachments.add(PolicyPageAttachment(document=document))
    policy.save_revision().publish()
    en_policy = policy.get_translations().get()
    for page in (policy, en_policy):
        client.get(page.url)
        with django_assert_max_num_queries(26):
            html = _get(client, page)
        assert html.count('class="relation-list"') == 2


def test_expiry_before_issue_is_rejected(make_policy):
    from django.core.exceptions import ValidationError

    policy = make_policy()
    policy.expiry_date = policy.issue_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert "expiry_date" in error.value.message_dict


def test_duplicate_document_number_is_rejected_in_the_same_language(make_policy):
    from django.core.exceptions import ValidationError

    make_policy(doc_number="国市监质〔2020〕177号")
    other = make_policy(doc_number="其他〔2020〕1号")
    other.doc_number = "国市监质〔2020〕177号"
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "doc_number" in error.value.message_dict
