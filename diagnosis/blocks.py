"""The blocks a questionnaire is built from: questions, each with answers that point to elements,
services and solutions with a reason shown to the user."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from directory.standard_elements import STANDARD_ELEMENTS


def element_choices():
    """The seven standard element codes; their names are shown in the user's language."""
    return [
        (element.code, f"{element.zh_name} / {element.en_name}") for element in STANDARD_ELEMENTS
    ]


class AnswerBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("answer"), max_length=200)
    elements = blocks.MultipleChoiceBlock(
        label=_("elements it points to"), choices=element_choices, required=False
    )
    services = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="directory.ServicePage"),
        label=_("services it points to"),
        default=[],
    )
    solutions = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="directory.SolutionPage"),
        label=_("solutions it points to"),
        default=[],
    )
    reason = blocks.TextBlock(
        label=_("reason shown to the user"),
        required=False,
        max_length=300,
        help_text=_("Why this answer leads to what it points to, in plain words."),
    )

    class Meta:
        label = _("answer")
        icon = "radio-full"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=200)
    hint = blocks.TextBlock(label=_("hint"), required=False, max_length=400)
    multiple = blocks.BooleanBlock(
        label=_("more than one answer may be chosen"), required=False, default=False
    )
    answers = blocks.ListBlock(AnswerBlock(), min_num=2, max_num=8, label=_("answers"))

    class Meta:
        label = _("question")
        icon = "help"


MIN_QUESTIONS, MAX_QUESTIONS = 3, 8
