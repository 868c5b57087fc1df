"""The helper without JavaScript, through the test client: each step, back, change, errors."""

import re

import pytest

from diagnosis.models import DiagnosisSession
from tests.diagnosis.conftest import answer, answer_all

pytestmark = pytest.mark.django_db


def _html(response):
    return response.content.decode()


def test_intro_links_to_the_first_question(client, questionnaire):
    html = _html(client.get("/diagnosis/"))
    assert "质量诊断" in html and "三个问题，帮您找到服务。" in html
    assert 'href="/diagnosis/question/1/"' in html
    assert "3" in re.search(r"<p>[^<]*3[^<]*</p>", html).group(0)


def test_each_question_on_its_own_page(client, questionnaire):
    first = client.get("/diagnosis/question/1/")
    html = _html(first)
    assert first.status_code == 200
    assert "no-store" in first["Cache-Control"]
    assert '<legend class="form-legend">您想解决什么问题？</legend>' in html
    assert html.count('type="radio"') == 2
    assert "问题 1 / 3" in html
    assert 'class="back-link" href="/diagnosis/"' in html
    assert answer(client, "/diagnosis/question/1/", 1)["Location"] == "/diagnosis/question/2/"
    second = _html(client.get("/diagnosis/question/2/"))
    assert second.count('type="checkbox"') == 3 and "可多选。" in second
    assert 'class="back-link" href="/diagnosis/question/1/"' in second
    assert answer(client, "/diagnosis/question/2/", 0, 1)["Location"] == "/diagnosis/question/3/"
    assert answer(client, "/diagnosis/question/3/", 0)["Location"] == "/diagnosis/check/"


def test_nothing_chosen_shows_the_error_summary(client, questionnaire):
    response = client.post("/diagnosis/question/1/", {})
    html = _html(response)
    assert response.status_code == 200
    assert 'class="error-summary" role="alert"' in html and 'tabindex="-1"' in html
    assert '<a href="#id_answer_0">请选择一个答案。</a>' in html
    assert "<title>错误：" in html
    assert not DiagnosisSession.objects.exists()
    answer(client, "/diagnosis/question/1/", 0)
    html = _html(client.post("/diagnosis/question/2/", {"answer": ["9"]}))
    assert 'class="error-summary"' in html


def test_back_keeps_the_answers(client, questionnaire):
    answer(client, "/diagnosis/question/1/", 1)
    answer(client, "/diagnosis/question/2/", 0, 2)
    first = _html(client.get("/diagnosis/question/1/"))
    assert re.search(r'value="1"[^>]*checked', first)
    second = _html(client.get("/diagnosis/question/2/"))
    assert len(re.findall(r'value="[02]"[^>]*checked', second)) == 2
    assert not re.search(r'value="1"[^>]*checked', second)


def test_questions_cannot_be_skipped(client, questionnaire):
    assert client.get("/diagnosis/question/3/")["Location"] == "/diagnosis/question/1/"
    assert client.get("/diagnosis/check/")["Location"] == "/diagnosis/"
    assert client.get("/diagnosis/result/")["Location"] == "/diagnosis/"
    answer(client, "/diagnosis/question/1/", 0)
    assert client.get("/diagnosis/check/")["Location"] == "/diagnosis/question/2/"
    assert client.get("/diagnosis/question/4/").status_code == 404


def test_check_your_answers_with_change_links(client, questionnaire):
    answer_all(client, answers=((0,), (0, 1), (1,)))
    response = client.get("/diagnosis/check/")
    html = _html(response)
    assert "no-store" in response["Cache-Control"]
    assert "<li>标准</li>" in html and "<li>品牌</li>" in html and "中型以上" in html
    assert 'href="/diagnosis/question/2/?change=1"' in html
    assert 'class="back-link" href="/diagnosis/question/3/"' in html
    change = _html(client.get("/diagnosis/question/2/?change=1"))
    assert 'class="back-link" href="/diagnosis/check/"' in change
    assert "保存并返回" in change
    response = client.post("/diagnosis/question/2/?change=1", {"answer": ["2"]})
    assert response["Location"] == "/diagnosis/check/"
    html = _html(client.get("/diagnosis/check/"))
    assert "都不需要" in html and "<li>品牌</li>" not in html


def test_restart_forgets_the_answers(client, questionnaire):
    answer_all(client)
    assert client.get("/diagnosis/restart/").status_code == 405
    assert client.post("/diagnosis/restart/")["Location"] == "/diagnosis/question/1/"
    assert client.get("/diagnosis/check/")["Location"] == "/diagnosis/"


def test_english(client, questionnaire):
    html = _html(client.get("/en/diagnosis/question/1/"))
    assert "What do you want to solve?" in html and "Question 1 of 3" in html
    assert "Choose an answer." in _html(client.post("/en/diagnosis/question/1/", {}))
    answer_all(client, "/en")
    html = _html(client.get("/en/diagnosis/check/"))
    assert "Check your answers" in html and "Medium or larger" not in html and "Small" in html


def test_runs_are_counted_without_personal_data(client, questionnaire):
    client.get("/diagnosis/question/1/")
    assert not DiagnosisSession.objects.exists()
    answer_all(client)
    run = DiagnosisSession.objects.get()
    assert run.questionnaire_key == questionnaire.zh.translation_key
    assert run.language == "zh-hans" and run.completed_at is None
    client.get("/diagnosis/result/")
    client.get("/diagnosis/result/")
    run.refresh_from_db()
    assert run.completed_at is not None
    assert DiagnosisSession.objects.count() == 1


@pytest.mark.parametrize(
    "url, most",
    [
        ("/diagnosis/", 14),
        ("/diagnosis/question/1/", 12),
        ("/diagnosis/check/", 12),
        ("/diagnosis/result/", 21),  # the recommended pages in the page's language
    ],
)
def test_query_counts(client, questionnaire, django_assert_max_num_queries, url, most):
    answer_all(client)
    client.get(url)
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200
