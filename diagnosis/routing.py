"""From answers to recommendations: which elements, solutions and services the chosen answers
point to, ranked by how many answers point to each, with the answers' reasons.

Answers are kept as positions (question index → answer indexes), so they survive a switch of
language: a translated questionnaire has the same questions in the same order. Pages chosen in
the questionnaire are read from its stored data and shown in the language of the page being
viewed; a page that is not live there is left out.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Page

from directory.models import Element, ServicePage, SolutionPage

MAX_SOLUTIONS = 3
MAX_SERVICES = 6


def _items(value):
    """ListBlock data in either storage format (plain list, or ``{"type": "item", ...}``)."""
    return [
        item["value"] if isinstance(item, dict) and item.get("type") == "item" else item
        for item in value or []
    ]


def questions_data(page):
    """The questionnaire as plain dicts read from the stored JSON (no query): ``question``,
    ``hint``, ``multiple`` and ``answers`` (``label``, ``elements``, ``services``,
    ``solutions``, ``reason``; pages as ids)."""
    questions = []
    for block in page.questions.raw_data:
        if block.get("type") != "question":
            continue
        value = block.get("value") or {}
        answers = [
            {
                "label": answer.get("label") or "",
                "elements": list(answer.get("elements") or []),
                "services": [pk for pk in _items(answer.get("services")) if pk],
                "solutions": [pk for pk in _items(answer.get("solutions")) if pk],
                "reason": answer.get("reason") or "",
            }
            for answer in _items(value.get("answers"))
        ]
        questions.append(
            {
                "question": value.get("question") or "",
                "hint": value.get("hint") or "",
                "multiple": bool(value.get("multiple")),
                "answers": answers,
            }
        )
    return questions


def clean_answers(questions, stored):
    """The stored answers that still fit the questionnaire: ``{index: [answer indexes]}``."""
    cleaned = {}
    for key, chosen in (stored or {}).items():
        if not str(key).isdigit() or int(key) >= len(questions):
            continue
        number = len(questions[int(key)]["answers"])
        valid = [i for i in chosen if isinstance(i, int) and 0 <= i < number]
        if valid:
            cleaned[int(key)] = valid if questions[int(key)]["multiple"] else valid[:1]
    return cleaned


@dataclass
class Recommendation:
    """A page or element the answers point to, its score and the reasons shown."""

    item: object
    score: int = 0
    reasons: list = field(default_factory=list)

    def add(self, reason):
        self.score += 1
        if reason and reason not in self.reasons:
            self.reasons.append(reason)


@dataclass
class Result:
    elements: list
    solutions: list
    services: list

    @property
    def element_codes(self):
        return [recommendation.item.code for recommendation in self.elements]


def _reason(answer):
    return answer["reason"] or _("You answered “%(answer)s”.") % {"answer": answer["label"]}


def _chosen(questions, answers):
    for index, chosen in sorted(answers.items()):
        for answer_index in chosen:
            yield questions[index]["answers"][answer_index]


def _live_translations(model, keys, locale_id):
    """``{source id: live page in locale}`` for pages chosen by id, given ``{id: translation
    key}``."""
    if not keys:
        return {}
    pages = (
        model.objects.live()
        .public()
        .filter(translation_key__in=set(keys.values()), locale_id=locale_id)
    )
    if model is ServicePage:
        pages = pages.prefetch_related("elements")
    by_key = {page.translation_key: page for page in pages}
    return {pk: by_key[key] for pk, key in keys.items() if key in by_key}


def _ranked(scores, limit=None):
    """Highest score first; ties keep the order in which the answers named them."""
    ranked = sorted(scores.values(), key=lambda r: -r.score)
    return ranked[:limit] if limit else ranked


def recommend(page, answers, questions=None):
    """The recommendations for ``answers`` (positions, see ``clean_answers``); a reason the
    editors left empty quotes the answer in the active language (the page's, when served)."""
    questions = questions if questions is not None else questions_data(page)
    chosen = list(_chosen(questions, answers))
    service_ids = [pk for answer in chosen for pk in answer["services"]]
    solution_ids = [pk for answer in chosen for pk in answer["solutions"]]
    keys = {}
    if service_ids or solution_ids:
        keys = dict(
            Page.objects.filter(pk__in=service_ids + solution_ids).values_list(
                "pk", "translation_key"
            )
        )
    services = _live_translations(
        ServicePage, {pk: keys[pk] for pk in service_ids if pk in keys}, page.locale_id
    )
    solutions = _live_translations(
        SolutionPage, {pk: keys[pk] for pk in solution_ids if pk in keys}, page.locale_id
    )

    element_scores, service_scores, solution_scores = {}, {}, {}
    for answer in chosen:
        reason = _reason(answer)
        for code in answer["elements"]:
            element_scores.setdefault(code, Recommendation(code)).add(reason)
        for pk in answer["services"]:
            if pk in services:
                service = services[pk]
                service_scores.setdefault(service.pk, Recommendation(service)).add(reason)
                for element in service.elements.all():
                    element_scores.setdefault(element.code, Recommendation(element.code)).add(
                        reason
                    )
        for pk in answer["solutions"]:
            if pk in solutions:
                solution = solutions[pk]
                solution_scores.setdefault(solution.pk, Recommendation(solution)).add(reason)

    elements = {
        element.code: element
        for element in Element.objects.filter(
            code__in=list(element_scores), locale_id=page.locale_id
        )
    }
    ranked_elements = []
    for recommendation in _ranked(element_scores):
        if recommendation.item in elements:
            recommendation.item = elements[recommendation.item]
            ranked_elements.append(recommendation)
    return Result(
        elements=ranked_elements,
        solutions=_ranked(solution_scores, MAX_SOLUTIONS),
        services=_ranked(service_scores, MAX_SERVICES),
    )


def need_summary(page, questions, answers):
    """The description the request form starts with: the questionnaire's title and each
    question with the answers chosen, in the language of the page."""
    with translation.override(page.locale.language_code):
        heading = _("My answers in “%(title)s”:") % {"title": page.title}
    lines = [heading]
    for index, chosen in sorted(answers.items()):
        question = questions[index]
        labels = "; ".join(question["answers"][i]["label"] for i in chosen)
        lines.append(f"- {question['question']} {labels}")
    return "\n".join(lines)
