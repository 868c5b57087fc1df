"""The report's period and filters, read from the query string."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Element
from improvement import periods
from improvement.choices import ActionStatus, Outcome, OutcomeAchieved, PeriodKind
from improvement.figures import Filters
from improvement.models import ImprovementAction
from service_requests.public.questionnaire import questionnaire_comment
from website.choices import City

# A custom range longer than this is refused: reports cover at most a few years.
MAX_RANGE_DAYS = 366 * 5


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=[(number, str(number)) for number in range(1, 13)],
        coerce=int,
        required=False,
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[(number, f"Q{number}") for number in range(1, 5)],
        coerce=int,
        required=False,
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    inbox = forms.ModelChoiceField(
        label=_("Inbox"), queryset=None, required=False, empty_label=_("All my inboxes")
    )
    element = forms.ChoiceField(label=_("Element"), required=False)
    city = forms.ChoiceField(
        label=_("City"), choices=[("", _("All cities")), *City.choices], required=False
    )

    def __init__(self, data=None, *, inboxes, today=None):
        today = today or timezone.localdate()
        # The form shows the period the figures below it cover: a missing year, month or quarter
        # is the current one, exactly as clean() reads it, rather than "month 1, Q1, no year".
        current = {
            "period": PeriodKind.MONTH,
            "year": today.year,
            "month": today.month,
            "quarter": (today.month - 1) // 3 + 1,
        }
        if data is not None:
            data = data.copy()
            for key, value in current.items():
                if not data.get(key):
                    data[key] = value
        super().__init__(data, initial=current)
        self.today = today
        self.fields["inbox"].queryset = inboxes
        elements = Element.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        self.fields["element"].choices = [("", _("All elements"))] + [
            (element.code, element.name) for element in elements.order_by("sort_order", "code")
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("period") or PeriodKind.MONTH
        year = data.get("year") or self.today.year
        if kind == PeriodKind.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Give both dates of a custom range."))
            if end < start:
                raise forms.ValidationError(_("The end date is before the start date."))
            if (end - start).days > MAX_RANGE_DAYS:
                raise forms.ValidationError(_("A custom range may cover at most five years."))
            data["period_obj"] = periods.custom(start, end)
        elif kind == PeriodKind.YEAR:
            data["period_obj"] = periods.whole_year(year)
        elif kind == PeriodKind.QUARTER:
            number = data.get("quarter") or (self.today.month - 1) // 3 + 1
            data["period_obj"] = periods.quarter(year, number)
        else:
            data["period_obj"] = periods.month(year, data.get("month") or self.today.month)
        return data

    def get_period(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data["period_obj"]
        return periods.month(self.today.year, self.today.month)

    def get_filters(self):
        if not (self.is_bound and self.is_valid()):
            return Filters()
        return Filters(
            inbox=self.cleaned_data.get("inbox"),
            element=self.cleaned_data.get("element") or "",
            city=self.cleaned_data.get("city") or "",
        )


class ImpactFollowUpForm(forms.Form):
    """The enterprise's answer to the impact follow-up (服务成效)."""

    achieved = forms.ChoiceField(
        label=_("Did the service achieve what your enterprise needed?"),
        choices=OutcomeAchieved.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the service achieved what you needed.")},
    )
    outcomes = forms.MultipleChoiceField(
        label=_("What came of it?"),
        help_text=_("Select all that apply."),
        choices=Outcome.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    value_estimate = forms.DecimalField(
        label=_("Estimated cost saved or sales gained, in 10,000 yuan"),
        help_text=_("Optional. A rough figure is enough."),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={
            "invalid": _("Enter the amount as a number, for example 12.5."),
            "min_value": _("The amount cannot be negative."),
            "max_digits": _("The amount is too large."),
            "max_decimal_places": _("Give the amount with at most 2 decimal places."),
        },
    )
    comment = questionnaire_comment(_("Anything else you would like to tell us?"))


class CallbackForm(forms.Form):
    """Staff record the callback of a bad rating and close it."""

    contacted_at = forms.DateTimeField(
        label=_("Enterprise contacted at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": _("Enter when the enterprise was contacted.")},
    )
    cause = forms.CharField(
        label=_("Cause found"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe the cause found.")},
    )
    corrective_action = forms.CharField(
        label=_("Corrective action"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe the corrective action.")},
    )

    improvement_action = forms.ModelChoiceField(
        label=_("Improvement action it led to"),
        queryset=ImprovementAction.objects.none(),
        required=False,
        help_text=_("An open action of an effectiveness assessment, if the callback led to one."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["improvement_action"].queryset = open_action_choices()

    def clean_contacted_at(self):
        value = self.cleaned_data["contacted_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("The contact cannot be in the future."))
        return value


def open_action_choices():
    return (
        ImprovementAction.objects.exclude(status=ActionStatus.DONE)
        .select_related("assessment")
        .order_by("due", "pk")
    )


class CallbackActionForm(forms.Form):
    """Link a closed callback to the improvement action it led to (often written later)."""

    improvement_action = forms.ModelChoiceField(
        label=_("Improvement action it led to"), queryset=None, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["improvement_action"].queryset = open_action_choices()
