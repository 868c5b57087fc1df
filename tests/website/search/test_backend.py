"""The segmenting database backend on whatever database the suite runs on (SQLite by default,
PostgreSQL with DATABASE_URL): Chinese words, document numbers, mixed script, odd input."""

import functools

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Not, Phrase, PlainText

from tests.isolation import built_once, fresh_copies
from website.models import StandardPage
from website.page_tree import ensure_home
from website.search.backends.database import SearchBackend

from .conftest import add_standard_page

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pages_once(request, django_db_setup):
    with built_once(request, _build_pages) as made:
        yield made


@pytest.fixture
def pages(db, pages_once):
    """Seven pages of Chinese, English and mixed text, built once for the module."""
    return fresh_copies(pages_once)


def _build_pages():
    make = functools.partial(add_standard_page, ensure_home()[0])
    return {
        "metrology": make("计量校准服务", intro="提供计量校准服务，覆盖长度、温度、压力。"),
        "policy": make(
            "关于进一步深化质量基础设施一站式服务的通知",
            intro="国市监质〔2020〕177号",
            body="各省市场监管部门要推进质量基础设施一站式服务。",
        ),
        "lab": make(
            "实验室认可咨询",
            intro="帮助企业申请CNAS实验室认可，已获认可的实验室编号CNAS L1234。",
        ),
        "uscc": make(
            "企业信息核验",
            intro="统一社会信用代码91440101MA5CXXXX0X的企业可在线提交需求。",
        ),
        "ip": make("知识产权保护", intro="专利、商标与品牌培育。"),
        "english": make("ISO 9001 certification", intro="Quality management systems."),
        "fullwidth": make("检测报告", intro="ＣＭＡ资质认定的检验检测机构出具报告。"),
    }


def search(query, **kwargs):
    return list(StandardPage.objects.live().search(query, **kwargs))


def test_default_backend_is_the_segmenting_one():
    backend = get_search_backend()
    assert type(backend).__module__.startswith("website.search.backends.")
    assert backend.segmenter.engine == "rjieba"


def test_the_backend_factory_picks_the_vendor_implementation():
    backend = SearchBackend({})
    expected = {"sqlite": "sqlite", "postgresql": "postgres"}[connection.vendor]
    assert type(backend).__module__ == f"website.search.backends.{expected}"


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("计量", "metrology"),
        ("校准", "metrology"),
        ("质量基础设施", "policy"),
        ("基础设施", "policy"),
        ("一站式", "policy"),
        ("市场监管", "policy"),
        ("实验室", "lab"),
        ("产权", "ip"),
        ("品牌培育", "ip"),
        ("检验检测", "fullwidth"),
    ],
)
def test_chinese_words_inside_longer_runs_are_found(pages, query, key):
    assert pages[key] in search(query)


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("国市监质〔2020〕177号", "policy"),
        ("177号", "policy"),
        ("〔2020〕177号", "policy"),
        ("国市监质[2020]177号", "policy"),
        ("国市监质 2020 177", "policy"),
        ("CNAS", "lab"),
        ("L1234", "lab"),
        ("CNAS L1234", "lab"),
        ("申请CNAS认可", "lab"),
        ("91440101MA5CXXXX0X", "uscc"),
        ("统一社会信用代码", "uscc"),
        ("ISO 9001", "english"),
        ("certification", "english"),
        ("CMA", "fullwidth"),
        ("ＣＭＡ", "fullwidth"),
        ("ｉｓｏ", "english"),
    ],
)
def test_numbers_codes_and_mixed_script_are_found(pages, query, key):
    assert pages[key] in search(query)


def test_words_are_anded_and_or_operator_widens(pages):
    assert search("计量 知识产权") == []
    assert set(search("计量 知识产权", operator="or")) == {pages["metrology"], pages["ip"]}


def test_title_matches_rank_first(pages, make_page):
    body_only = make_page("服务指南", intro="这里也提到了计量，但标题不是。")
    results = search("计量")
    assert results.index(pages["metrology"]) < results.index(body_only)


def test_phrase_and_negation(pages):
    assert search(Phrase("计量校准")) == [pages["metrology"]]
    assert pages["metrology"] not in search(And([PlainText("服务"), Not(PlainText("计量"))]))


@pytest.mark.parametrize(
    "query",
    [
        "！？。，、",
        '"',
        '"计量',
        "' OR 1=1 --",
        "'; DROP TABLE wagtailsearch_indexentry; --",
        "<script>alert(1)</script>",
        "😀🔍",
        "计量" * 300,
        "NEAR(计量 校准) AND OR NOT *",
        "\\",
        "%_",
    ],
)
def test_odd_input_never_raises(pages, query):
    results = search(query)
    assert isinstance(results, list)
    assert StandardPage.objects.live().search(query).count() == len(results)


def test_autocomplete_finds_prefixes_of_chinese_words(pages):
    results = list(StandardPage.objects.live().autocomplete("计量校"))
    assert pages["metrology"] in results
    assert pages["lab"] in StandardPage.objects.live().autocomplete("实验")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite ranking")
def test_sqlite_ranking_never_reruns_the_match_per_row(pages):
    """Upstream orders by a correlated bm25() subquery per candidate page (34 s at 10,000
    pages); the ranked search reads scores from the FTS table once."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        results = list(StandardPage.objects.live().search("服务"))
    assert results
    ranking = [q["sql"] for q in queries.captured_queries if "bm25(" in q["sql"]]
    assert len(ranking) == 1
    assert ranking[0].startswith('SELECT "wagtailsearch_indexentry"."object_id"')
    assert "(SELECT bm25(" not in ranking[0]


def test_scores_slices_and_counts_agree(pages, make_page):
    for number in range(12):
        make_page(f"校准实验室{number}", intro="校准", slug=f"c{number}")
    results = StandardPage.objects.live().search("校准").annotate_score("_score")
    everything = list(results)
    assert len(everything) == results.count() == 13
    assert list(results[5:10]) == everything[5:10]
    assert all(getattr(page, "_score", None) is not None for page in everything)
