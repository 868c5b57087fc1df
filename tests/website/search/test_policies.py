"""Policies in the site search: findable by document number in every form people type it, the
document number ranking the policy first, snippets, type filter and language isolation."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def policies(home, locales, make_page):
    from directory.standard_elements import ensure_elements
    from policies.factories import create_authority, create_policy
    from policies.services import ensure_policy_index

    ensure_elements()
    index = ensure_policy_index()
    authority = create_authority("国家市场监督管理总局", en_name="SAMR")
    one_stop = create_policy(
        index,
        authority=authority,
        title="关于进一步深化质量基础设施“一站式”服务的意见",
        doc_number="国市监质〔2020〕177号",
        summary="推进计量、标准、认证认可、检验检测一站式服务。",
        en={"title": "Opinions on one-stop quality infrastructure services"},
    )
    other = create_policy(
        index,
        authority=authority,
        title="关于加强质量认证体系建设的通知",
        doc_number="市监质发〔2021〕34号",
        summary="促进认证认可行业高质量发展。",
    )
    # A page that cites the document number in its text must not outrank the policy itself.
    citing = make_page(
        "政策解读：一站式服务",
        intro="根据国市监质〔2020〕177号文件，企业可一次提出需求。",
        body="国市监质〔2020〕177号要求各地建设一站式服务平台。",
    )
    return {"one_stop": one_stop, "other": other, "citing": citing}


def titles(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'<h2><a href="[^"]*">(.*?)</a></h2>', html, re.S)
    ]


@pytest.mark.parametrize(
    "query",
    [
        "国市监质〔2020〕177号",
        "国市监质[2020]177号",
        "国市监质（2020）177号",
        "国市监质2020 177号",
        "〔2020〕177号",
        "177号",
        "177号文",
        "国市监质177号",
    ],
)
def test_a_policy_is_found_first_by_its_document_number(client, policies, query):
    assert titles(client, "/search/", q=query)[0] == policies["one_stop"].title


def test_other_document_numbers(client, policies):
    assert titles(client, "/search/", q="市监质发〔2021〕34号")[0] == policies["other"].title
    assert titles(client, "/search/", q="34号")[0] == policies["other"].title


def test_policy_type_filter_and_snippet(client, policies):
    response = client.get("/search/", {"q": "177号", "type": "policy"})
    html = response.content.decode()
    assert 'aria-current="true">政策文件' in html
    assert titles(client, "/search/", q="177号", type="policy") == [policies["one_stop"].title]
    assert "<mark>177</mark><mark>号</mark>" in html


def test_policies_of_the_other_language_stay_out(client, policies):
    assert titles(client, "/en/search/", q="one-stop") == [
        "Opinions on one-stop quality infrastructure services"
    ]
    assert titles(client, "/en/search/", q="177号") == [
        "Opinions on one-stop quality infrastructure services"
    ]  # the document number is shared by both languages
    assert "Opinions on one-stop quality infrastructure services" not in titles(
        client, "/search/", q="177号"
    )
