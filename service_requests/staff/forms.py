"""Forms of the staff side. Choices come from the request and the user's visibility, so a
posted value outside them (a guessed state, user, inbox or provider) is a form error."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from directory.models import ProviderPage, ServicePage
from service_requests import casework
from service_requests.choices import NOTE_REQUIRED, Priority, RequestState
from service_requests.models import Inbox, Milestone, canned_replies_for


def set_choices(field, objects):
    """List ``objects`` as the choices of a model choice field (the empty one first): rendering
    and "any left?" then read no more rows; validation still goes through its queryset."""
    field.choices = [("", field.empty_label)] + [
        (obj.pk, field.label_from_instance(obj)) for obj in objects
    ]


def _default_language_pages(model):
    return (
        model.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE).order_by("title")
    )


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when declining or asking the enterprise for information."),
    )
    public = forms.BooleanField(
        label=_("Show the note to the enterprise"), required=False, initial=True
    )

    def __init__(self, *args, service_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = [
            (state.value, state.label) for state in service_request.allowed_transitions
        ]

    def clean(self):
        data = super().clean()
        state = data.get("to_state")
        if state and RequestState(state) in NOTE_REQUIRED and not (data.get("note") or "").strip():
            self.add_error("note", _("This status needs a note for the enterprise."))
        return data


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=None, required=False, empty_label=_("Nobody")
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)

    def __init__(self, *args, service_request, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_to"]
        field.queryset = casework.assignable_staff(service_request)
        if staff is not None:  # the same users, already read by the view
            set_choices(field, staff)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(
        label=_("Reply to the enterprise (emailed and shown on its tracking page)"),
        required=False,
    )


class CannedReplyForm(forms.Form):
    """Pick a canned reply of the request's inboxes: it is previewed, filled in, in the reply
    form, where staff read and change it before sending."""

    canned = forms.ModelChoiceField(label=_("Canned reply"), queryset=None)

    def __init__(self, *args, service_request, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["canned"]
        field.queryset = canned_replies_for(service_request)
        set_choices(field, field.queryset)  # read once, for "any?" and the options alike

    @property
    def has_replies(self):
        return len(self.fields["canned"].choices) > 1


class MergeForm(forms.Form):
    """Merge a likely duplicate (one the user may see) into the request shown."""

    duplicate = forms.ModelChoiceField(label=_("Merge into this request"), queryset=None)

    def __init__(self, *args, duplicates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].queryset = duplicates


class UnmergeForm(forms.Form):
    """Undo the merge of a request merged into the one shown (one the user may see)."""

    merged = forms.ModelChoiceField(label=_("Undo the merge of"), queryset=None)

    def __init__(self, *args, merged_requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged"].queryset = merged_requests


class InvolveInboxForm(forms.Form):
    inbox = forms.ModelChoiceField(label=_("Bring in inbox"), queryset=None)

    def __init__(self, *args, service_request, involved=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["inbox"]
        field.queryset = Inbox.objects.exclude(pk__in=service_request.inboxes.values("pk"))
        if involved is not None:  # the request's inboxes, already read by the view
            set_choices(field, [inbox for inbox in Inbox.objects.all() if inbox not in involved])

    @property
    def has_inboxes(self):
        """Whether an inbox is left to bring in."""
        return len(self.fields["inbox"].choices) > 1


class PlanForm(forms.Form):
    text = forms.CharField(
        label=_("Plan"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    services = forms.ModelMultipleChoiceField(
        label=_("Services involved"), queryset=None, required=False
    )
    providers = forms.ModelMultipleChoiceField(
        label=_("Providers involved"), queryset=None, required=False
    )

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = _default_language_pages(ServicePage)
        self.fields["providers"].queryset = _default_language_pages(ProviderPage)
        if choices is not None:  # the plan steps' choices, read once for the page
            for name, key in (("services", "service"), ("providers", "provider")):
                self.fields[name].choices = [pair for pair in choices[key] if pair[0] != ""]


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}


class BulkForm(forms.Form):
    """Bulk assign or bulk state change of the ticked requests of the listing."""

    ids = forms.TypedMultipleChoiceField(coerce=int, choices=())
    assigned_to = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, required=False, empty_label=_("(unchanged)")
    )
    to_state = forms.ChoiceField(
        label=_("Change status to"),
        required=False,
        choices=[("", _("(unchanged)")), *RequestState.choices],
    )
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, requests, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests = requests
        self.fields["assigned_to"].queryset = staff
        # Any id may be posted; only visible ones are acted on (``clean_ids``).
        self.fields["ids"].choices = [(value, value) for value in self.data.getlist("ids")]

    def clean_ids(self):
        ids = self.cleaned_data["ids"]
        found = list(self.requests.filter(pk__in=ids))
        if len(found) != len(set(ids)):
            raise forms.ValidationError(_("Some of the chosen requests are not yours to change."))
        return found

    def clean(self):
        data = super().clean()
        if not data.get("assigned_to") and not data.get("to_state"):
            raise forms.ValidationError(_("Choose someone to assign or a new status."))
        state = data.get("to_state")
        if state and RequestState(state) in NOTE_REQUIRED and not (data.get("note") or "").strip():
            self.add_error("note", _("This status needs a note for the enterprise."))
        return data
