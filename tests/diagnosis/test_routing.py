"""From answers to recommendations: ranking by the number of answers, reasons, languages (the
questionnaire's limits: ``test_limits.py``)."""

import pytest
from django.utils import translation

from diagnosis.routing import clean_answers, need_summary, questions_data, recommend

pytestmark = pytest.mark.django_db


def test_ranked_by_how_many_answers_point_there(questionnaire, directory):
    page = questionnaire.zh
    result = recommend(page, {0: [0], 1: [1], 2: [0]})
    services = directory["services"]
    assert [r.item for r in result.services] == [services[0]]
    assert result.services[0].score == 2
    assert result.services[0].reasons == ["新产品上市前需要检测和认证。", "品牌需要认证支撑。"]
    assert [r.item for r in result.solutions] == directory["solutions"]
    # testing and certification: the answer, plus the service's own elements
    assert result.elements[0].score >= result.elements[-1].score
    assert {"testing", "certification", "brand", "quality-management"} <= set(result.element_codes)
    assert all(r.item.locale_id == page.locale_id for r in result.elements)


def test_an_answer_without_reason_gives_the_answer_itself(questionnaire, directory):
    with translation.override("zh-hans"):
        result = recommend(questionnaire.zh, {0: [1], 1: [0], 2: [1]})
    titles = {r.item.pk: r for r in result.services}
    assert titles[directory["services"][2].pk].reasons == ["您选择了“标准”。"]
    assert titles[directory["services"][1].pk].reasons == ["测量设备需要校准。"]
    assert result.solutions == []


def test_unpublished_pages_are_left_out(questionnaire, directory):
    directory["services"][1].unpublish()
    result = recommend(questionnaire.zh, {0: [1], 1: [2], 2: [1]})
    assert result.services == [] and result.element_codes == ["metrology"]


def test_english_shows_english_pages(questionnaire, directory, locales):
    service = directory["services"][0]
    translation = service.copy_for_translation(locales["en"], copy_parents=True)
    translation.title = "An English service"
    translation.save_revision().publish()
    result = recommend(questionnaire.en, {0: [0], 1: [2], 2: [1]})
    assert [r.item.title for r in result.services] == ["An English service"]
    assert result.services[0].reasons == ["A new product needs testing and certification."]
    assert all(r.item.locale == locales["en"] for r in result.elements)


def test_stored_answers_that_no_longer_fit_are_dropped(questionnaire):
    questions = questions_data(questionnaire.zh)
    stored = {"0": [1, 5], "1": [0, 2], "2": [0, 1], "7": [0], "x": [0]}
    assert clean_answers(questions, stored) == {0: [1], 1: [0, 2], 2: [0]}


def test_need_summary(questionnaire):
    page = questionnaire.zh
    summary = need_summary(page, questions_data(page), {0: [0], 1: [0, 1], 2: [1]})
    assert summary.splitlines() == [
        "我在“质量诊断”中的回答：",
        "- 您想解决什么问题？ 新产品上市",
        "- 还需要什么？ 标准; 品牌",
        "- 企业规模？ 中型以上",
    ]
