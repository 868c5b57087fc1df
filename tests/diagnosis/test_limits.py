"""The questionnaire's limits: three to eight questions, at least two answers each."""

import pytest
from django.core.exceptions import ValidationError

from diagnosis.models import DiagnosisPage
from diagnosis.questionnaire import Answer, Question, stream_data


def _questions(count, answers=2):
    return [
        Question(f"问题{n}", f"Q{n}", [Answer(f"答{i}", f"A{i}") for i in range(answers)])
        for n in range(count)
    ]


@pytest.mark.parametrize(
    "count, answers, valid",
    [(3, 2, True), (8, 2, True), (2, 2, False), (9, 2, False), (3, 1, False)],
)
def test_three_to_eight_questions_with_two_answers_each(count, answers, valid):
    block = DiagnosisPage._meta.get_field("questions").stream_block
    value = block.to_python(stream_data(_questions(count, answers), "zh"))
    if valid:
        block.clean(value)
    else:
        with pytest.raises(ValidationError):
            block.clean(value)
