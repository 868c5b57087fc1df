"""Forms of the tracking page (finding a request, answering staff) and the satisfaction survey."""

from django import forms
from django.utils.translation import gettext_lazy as _

from service_requests import validators
from service_requests.public.forms import UploadsMixin, upload_field
from service_requests.public.questionnaire import questionnaire_comment

ENTERPRISE_INFORMATION_MAX_LENGTH = 2000


class TrackingLookupForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference number"),
        help_text=_("For example QI-20261124-0007."),
        max_length=30,
        error_messages={"required": _("Enter the reference number.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "class": "input-width-20"}
        ),
    )
    token = forms.CharField(
        label=_("Access code"),
        help_text=_("The code in the acknowledgement email or on the confirmation page."),
        max_length=64,
        error_messages={"required": _("Enter the access code.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_reference(self):
        return validators._half_width(self.cleaned_data["reference"]).strip().upper()

    def clean_token(self):
        return self.cleaned_data["token"].strip()


class EnterpriseInformationForm(UploadsMixin, forms.Form):
    information = forms.CharField(
        label=_("Your answer"),
        help_text=_("Answer the question staff asked. Up to 2000 characters."),
        max_length=ENTERPRISE_INFORMATION_MAX_LENGTH,
        error_messages={
            "required": _("Enter the information staff asked for."),
            "max_length": _("Your answer must be 2000 characters or fewer."),
        },
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}),
    )
    upload = upload_field(_("Add files"))

    def clean_information(self):
        return self.cleaned_data["information"].strip()


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Overall, how satisfied are you with the service?"),
        choices=[
            ("5", _("5 – Very satisfied")),
            ("4", _("4 – Satisfied")),
            ("3", _("3 – Neither satisfied nor dissatisfied")),
            ("2", _("2 – Dissatisfied")),
            ("1", _("1 – Very dissatisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select how satisfied you are."),
            "invalid_choice": _("Select how satisfied you are, from 1 to 5."),
        },
    )
    comment = questionnaire_comment(_("How could we improve the service?"))
