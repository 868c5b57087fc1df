"""Forms of the engagement life cycle: the lead inbox refers and withdraws, provider staff answer,
report progress and deliver. Choices come from what the user may pick."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from directory.models import ProviderPage
from service_requests.models import EngagementRole, EngagementStatus
from service_requests.staff.forms import set_choices
from service_requests.validators import ACCEPT_ATTRIBUTE


class ReferForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=None)
    role = forms.ChoiceField(
        label=_("Role"), choices=EngagementRole.choices, initial=EngagementRole.PARTNER
    )
    note = forms.CharField(
        label=_("Referral note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What the provider should do. The provider sees the enterprise's contact "
            "only if it consented to share it."
        ),
    )

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = (
            ProviderPage.objects.live()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("title")
        )
        if providers is not None:  # the same pages as choices, already read by the view
            self.fields["provider"].choices = providers


class WithdrawForm(forms.Form):
    engagement = forms.ModelChoiceField(label=_("Provider engagement"), queryset=None)
    note = forms.CharField(label=_("Note"), required=False)

    ENDED = (EngagementStatus.DELIVERED, EngagementStatus.WITHDRAWN, EngagementStatus.DECLINED)

    def __init__(self, *args, service_request, engagements=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["engagement"]
        field.queryset = service_request.engagements.exclude(status__in=self.ENDED).select_related(
            "provider"
        )
        if engagements is not None:  # the request's engagements, already read by the view
            set_choices(field, [each for each in engagements if each.status not in self.ENDED])

    @property
    def has_engagements(self):
        """Whether a referral is left to withdraw."""
        return len(self.fields["engagement"].choices) > 1


class AnswerNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("Progress"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    milestone = forms.CharField(label=_("Milestone reached"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if not (data.get("note") or "").strip() and not (data.get("milestone") or "").strip():
            raise forms.ValidationError(_("Write the progress or the milestone reached."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class DeliverForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome summary"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(
        label=_("Result files"),
        required=False,
        help_text=_("PDF, Word, Excel, JPEG or PNG; at most 5 files."),
    )
