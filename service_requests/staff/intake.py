"""Recording a walk-in, phone or on-site-visit request in the admin (DESIGN.md §12).

The form asks the public form's answers (from the model's own fields, so the two agree on
choices and lengths) minus the submission token and spam checks, plus the intake channel, the
station and the enterprise's language; ``intake.record_offline_request`` sends it down the same
creation path as an online request."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from directory.models import Element
from service_requests import intake, validators
from service_requests.choices import IntakeChannel
from service_requests.models import ServiceRequest
from service_requests.permissions import is_request_staff, visible_requests
from website.uscc import normalize_uscc


class StationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class OfflineRequestForm(forms.ModelForm):
    intake_channel = forms.ChoiceField(
        label=gettext_lazy("How the request came in"),
        choices=intake.OFFLINE_CHANNELS,
        widget=forms.RadioSelect,
    )
    station = StationChoiceField(
        label=gettext_lazy("Service station"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Required for a walk-in: the station where the visitor came."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("The enterprise's language"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        help_text=gettext_lazy("Messages to the enterprise are written in it."),
    )
    elements = forms.MultipleChoiceField(
        label=gettext_lazy("Kinds of quality service needed"),
        widget=forms.CheckboxSelectMultiple,
    )
    privacy_consent = forms.BooleanField(
        label=gettext_lazy(
            "The enterprise was told the privacy notice and agrees that its details are used "
            "to handle this request."
        )
    )

    class Meta:
        model = ServiceRequest
        fields = [
            "enterprise_name",
            "uscc",
            "scale",
            "industry",
            "city",
            "address",
            "description",
            "timeframe",
            "preferred_channel",
            "contact_name",
            "contact_phone",
            "contact_email",
            "preferred_contact",
            "share_consent",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    field_order = ["intake_channel", "station", "language"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = intake.stations_for(user)
        self.fields["elements"].choices = list(
            Element.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("sort_order", "code")
            .values_list("code", "name")
        )
        for name in ("uscc", "contact_phone"):  # checked after normalising
            self.fields[name].validators = []
            self.fields[name].widget.attrs.pop("maxlength", None)
        self.order_fields(
            ["intake_channel", "station", "language", *self.Meta.fields[:9], "elements"]
        )
        # Desk staff record for their own stations only.
        self.fields["station"].required = not is_request_staff(user)

    def clean_uscc(self):
        return normalize_uscc(self.cleaned_data["uscc"])

    def clean_contact_phone(self):
        value = self.cleaned_data.get("contact_phone", "")
        return validators.normalize_mobile(value) if value.strip() else ""

    def clean(self):
        data = super().clean()
        if data.get("intake_channel") == IntakeChannel.WALK_IN and not data.get("station"):
            self.add_error("station", _("Choose the station where the visitor came."))
        if not data.get("contact_phone") and not data.get("contact_email"):
            self.add_error("contact_phone", _("Enter a mobile phone number or an email address."))
        return data

    def _post_clean(self):
        pass  # nothing is saved from this form: the answers go through submit_request


class OfflineRequestView(WagtailAdminTemplateMixin, FormView):
    form_class = OfflineRequestForm
    template_name = "service_requests/admin/offline_form.html"
    page_title = gettext_lazy("Record an offline request")
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not intake.may_record(request.user):
            return TemplateResponse(
                request,
                "service_requests/admin/forbidden.html",
                {"page_title": _("Service requests")},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        service_request = intake.record_offline_request(form.cleaned_data, user=self.request.user)
        messages.success(
            self.request,
            _("Request %(reference)s recorded.") % {"reference": service_request.reference},
        )
        if visible_requests(self.request.user).filter(pk=service_request.pk).exists():
            url = reverse("service_requests_admin:detail", args=[service_request.pk])
        else:
            url = reverse("service_requests_admin:offline")
        return HttpResponseRedirect(url)
