"""The segmenter: user dictionary, index and query sides, and jieba/rjieba agreement."""

import pytest

from website.search.segmenter import QueryWord, Segmenter, get_segmenter

SAMPLES = [
    "提供计量校准服务",
    "国市监质〔2020〕177号 关于印发《进一步深化质量基础设施一站式服务》的通知",
    "申请CNAS实验室认可L1234，CMA资质认定证书编号201912345678",
    "统一社会信用代码91440101MA5CXXXX0X",
    "知识产权保护、品牌培育与检验检测认证认可",
    "GB/T 19001-2016 质量管理体系 要求",
    "ISO 9001 quality management certification for SMEs in Foshan",
]


@pytest.fixture(scope="module")
def rjieba():
    return Segmenter("rjieba")


@pytest.fixture(scope="module")
def jieba():
    return Segmenter("jieba")


@pytest.mark.parametrize(
    "word", ["认证认可", "检验检测", "质量基础设施", "统一社会信用代码", "品牌培育"]
)
def test_domain_words_stay_whole(rjieba, jieba, word):
    text = f"企业需要{word}服务"
    assert word in rjieba.cut(text)
    assert word in jieba.cut(text)


def test_both_engines_give_identical_output(rjieba, jieba):
    for text in SAMPLES:
        assert rjieba.cut(text) == jieba.cut(text)
        assert rjieba.index_tokens(text) == jieba.index_tokens(text)
        assert rjieba.query_words(text) == jieba.query_words(text)


def test_index_side_holds_words_and_their_sub_words(rjieba):
    tokens = rjieba.index_tokens("知识产权保护")
    assert {"知识", "产权", "知识产权", "保护"} <= set(tokens)


def test_index_side_drops_punctuation_and_splits_letters_from_digits(rjieba):
    assert rjieba.index_text("国市监质〔2020〕177号") == "国 市 监 质 2020 177 号"
    assert rjieba.index_tokens("GB/T19001") == ["GB", "T19001", "T", "19001"]
    assert rjieba.index_text("😀！？") == ""


def test_full_width_is_normalised(rjieba):
    assert rjieba.index_text("ＣＮＡＳ认可１７７号") == rjieba.index_text("CNAS认可177号")


def test_query_words_are_widened_to_covering_sub_words(rjieba):
    assert rjieba.query_words("产权保护") == [QueryWord("产权保护", ("产权", "保护"))]
    # 一站式 is not covered by its sub-word 一站, so it stays as it is.
    assert rjieba.query_words("一站式") == [QueryWord("一站式")]


def test_query_drops_function_words_unless_nothing_else_is_left(rjieba):
    assert [w.word for w in rjieba.query_words("如何申请CNAS认可")] == ["申请", "CNAS", "认可"]
    assert [w.word for w in rjieba.query_words("如何")] == ["如何"]
    assert rjieba.query_words("！？……") == []


def test_segmenter_is_loaded_once_per_process(settings):
    settings.SEARCH_SEGMENTER = "rjieba"
    assert get_segmenter() is get_segmenter()
    assert get_segmenter().engine == "rjieba"


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="Unknown segmenter"):
        Segmenter("thulac")
