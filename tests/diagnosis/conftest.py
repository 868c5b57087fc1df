"""A small questionnaire over a seeded directory: three questions (the second allows more than
one answer), in Chinese at /diagnosis/ and English at /en/diagnosis/. Both are built once per
test module (``tests.isolation.built_once``); each test gets its own copies."""

import pytest

from diagnosis.questionnaire import Answer, Question, ensure_questionnaire
from directory.factories import build_directory
from tests.isolation import built_once, fresh_copies
from website.page_tree import ensure_home


@pytest.fixture(scope="module")
def diagnosis_once(request, django_db_setup):
    def build():
        directory = build_directory(services=6, per_provider=3, stations=0, solutions=2)
        home, _site = ensure_home()  # the baseline's
        return {"directory": directory, "questionnaire": _questionnaire(home, directory)}

    with built_once(request, build) as made:
        yield made


@pytest.fixture
def directory(db, diagnosis_once):
    return fresh_copies(diagnosis_once["directory"])


@pytest.fixture
def questionnaire(db, diagnosis_once):
    return fresh_copies(diagnosis_once["questionnaire"])


def _questionnaire(home, directory):
    services, solutions = directory["services"], directory["solutions"]
    questions = [
        Question(
            "您想解决什么问题？",
            "What do you want to solve?",
            [
                Answer(
                    "新产品上市",
                    "A new product to market",
                    ["testing", "certification"],
                    [services[0]],
                    [solutions[0]],
                    "新产品上市前需要检测和认证。",
                    "A new product needs testing and certification.",
                ),
                Answer(
                    "测量不准",
                    "Measurements are not reliable",
                    ["metrology"],
                    [services[1]],
                    [],
                    "测量设备需要校准。",
                    "Instruments need calibrating.",
                ),
            ],
        ),
        Question(
            "还需要什么？",
            "What else do you need?",
            [
                Answer("标准", "Standards", ["standards"], [services[2]], [], "", ""),
                Answer(
                    "品牌",
                    "A brand",
                    ["brand"],
                    [services[0]],
                    [solutions[1]],
                    "品牌需要认证支撑。",
                    "A brand rests on certification.",
                ),
                Answer("都不需要", "Nothing else", [], [], [], "", ""),
            ],
            multiple=True,
            zh_hint="可多选。",
            en_hint="Choose all that apply.",
        ),
        Question(
            "企业规模？",
            "How large is your enterprise?",
            [
                Answer(
                    "小微",
                    "Small",
                    ["quality-management"],
                    [],
                    [],
                    "小微企业先打基础。",
                    "Start with the basics.",
                ),
                Answer("中型以上", "Medium or larger", [], [], [], "", ""),
            ],
        ),
    ]
    return ensure_questionnaire(
        home,
        "diagnosis",
        questions,
        {"title": "质量诊断", "intro": "三个问题，帮您找到服务。"},
        {"title": "Quality diagnosis", "intro": "Three questions to find your service."},
    )


def answer(client, url, *choices, follow=False):
    """POST the answer ``choices`` (positions) to a question page."""
    return client.post(url, {"answer": [str(choice) for choice in choices]}, follow=follow)


def answer_all(client, prefix="", answers=((0,), (1,), (0,))):
    for number, choices in enumerate(answers, start=1):
        response = answer(client, f"{prefix}/diagnosis/question/{number}/", *choices)
        assert response.status_code == 302, response.content.decode()[:2000]
    return response
