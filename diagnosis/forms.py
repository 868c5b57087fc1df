"""The form of one question: radios, or checkboxes when more than one answer may be chosen."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AnswerForm(forms.Form):
    def __init__(self, question, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(i), answer["label"]) for i, answer in enumerate(question["answers"])]
        if question["multiple"]:
            field = forms.TypedMultipleChoiceField(
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Choose at least one answer.")},
            )
        else:
            field = forms.TypedChoiceField(
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )
        field.choices = choices
        field.label = question["question"]
        field.help_text = question["hint"]
        self.fields["answer"] = field

    def chosen(self):
        value = self.cleaned_data["answer"]
        return sorted(value) if isinstance(value, list) else [value]
