"""Building a questionnaire page in both languages from one description (the demo uses it).

A question is ``Question(zh, en, answers, multiple=False, zh_hint="", en_hint="")``; an answer
``Answer(zh, en, elements, services, solutions, zh_reason, en_reason)`` with pages given as the
Chinese pages (translations are shown in their own language by ``routing``).
"""

import uuid
from dataclasses import dataclass, field

from diagnosis.models import DiagnosisPage
from website.page_tree import ensure_translated_page


@dataclass
class Answer:
    zh: str
    en: str
    elements: list = field(default_factory=list)
    services: list = field(default_factory=list)
    solutions: list = field(default_factory=list)
    zh_reason: str = ""
    en_reason: str = ""


@dataclass
class Question:
    zh: str
    en: str
    answers: list
    multiple: bool = False
    zh_hint: str = ""
    en_hint: str = ""


def _items(values):
    """ListBlock data in the block format (each item with an id), the format wagtail-localize
    extracts segments from."""
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


def stream_data(questions, language):
    """The ``questions`` StreamField's data in ``language`` ("zh" or "en")."""
    return [
        {
            "type": "question",
            "id": str(uuid.uuid4()),
            "value": {
                "question": getattr(question, language),
                "hint": getattr(question, f"{language}_hint"),
                "multiple": question.multiple,
                "answers": _items(
                    {
                        "label": getattr(answer, language),
                        "elements": list(answer.elements),
                        "services": _items(page.pk for page in answer.services if page),
                        "solutions": _items(page.pk for page in answer.solutions if page),
                        "reason": getattr(answer, f"{language}_reason"),
                    }
                    for answer in question.answers
                ),
            },
        }
        for question in questions
    ]


def ensure_questionnaire(parent, slug, questions, zh_fields, en_fields, **common):
    """The questionnaire ``slug`` under ``parent`` in Chinese and English, created and
    published when missing (an existing one is left as editors made it)."""
    return ensure_translated_page(
        parent,
        DiagnosisPage,
        slug,
        {**zh_fields, "questions": stream_data(questions, "zh")},
        {**en_fields, "questions": stream_data(questions, "en")},
        **common,
    )
