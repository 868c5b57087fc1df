"""Forms of the request wizard (one per step) and the file fields it shares with the tracking page.

Each step asks about one topic. Every field carries a specific "required" message (what to do,
not "this field is required"), a hint where one helps, and the autocomplete token browsers use
to fill it in.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.models import Element
from service_requests import choices, uploads, validators
from website.choices import City
from website.uscc import normalize_uscc

DESCRIPTION_MIN_LENGTH = 10
DESCRIPTION_MAX_LENGTH = 2000


def _with_empty(choices_, label):
    return [("", label), *choices_]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input that accepts several files at once; the form checks them
    (``UploadsMixin``), counts and sizes before content."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return list(files)


class UploadsMixin:
    """Checks the files of ``upload`` with ``uploads.check_files``: ``existing`` files of
    ``existing_bytes`` already uploaded count against the limits, and the visitor of
    ``request`` against the upload rate limit."""

    upload_field = "upload"

    def __init__(self, *args, existing_uploads=0, existing_bytes=0, request=None, **kwargs):
        self.existing_uploads = existing_uploads
        self.existing_bytes = existing_bytes
        self.upload_request = request
        super().__init__(*args, **kwargs)

    def clean_upload(self):
        return uploads.check_files(
            self.cleaned_data.get(self.upload_field) or [],
            existing=self.existing_uploads,
            existing_bytes=self.existing_bytes,
            request=self.upload_request,
        )


def upload_field(label):
    return MultipleFileField(
        label=label,
        help_text=_(
            "Up to 5 files, each 10 MB or smaller: PDF, Word, Excel, JPEG or PNG. "
            "You can select several files at once."
        ),
        widget=MultipleFileInput(attrs={"accept": validators.ACCEPT_ATTRIBUTE}),
    )


class EnterpriseForm(forms.Form):
    title = _("Your enterprise")

    enterprise_name = forms.CharField(
        label=_("Enterprise name"),
        help_text=_("As shown on your business licence."),
        max_length=200,
        error_messages={
            "required": _("Enter the name of your enterprise."),
            "max_length": _("The enterprise name must be 200 characters or fewer."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    uscc = forms.CharField(
        label=_("Unified social credit code"),
        help_text=_(
            "The 18-character code on your business licence (统一社会信用代码), "
            "for example 91440101MA5CXXXXXX."
        ),
        max_length=40,
        error_messages={"required": _("Enter the unified social credit code.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
                "class": "input-width-20",
            }
        ),
    )
    scale = forms.ChoiceField(
        label=_("Size of the enterprise"),
        choices=choices.Scale.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the size of your enterprise."),
            "invalid_choice": _("Select the size of your enterprise."),
        },
    )
    industry = forms.ChoiceField(
        label=_("Industry"),
        choices=_with_empty(choices.Industry.choices, _("Choose an industry")),
        error_messages={
            "required": _("Select your industry."),
            "invalid_choice": _("Select your industry from the list."),
        },
    )
    city = forms.ChoiceField(
        label=_("City"),
        help_text=_("The city in Guangdong where the enterprise is registered."),
        choices=_with_empty(City.choices, _("Choose a city")),
        error_messages={
            "required": _("Select the city of your enterprise."),
            "invalid_choice": _("Select a city in Guangdong from the list."),
        },
        widget=forms.Select(attrs={"autocomplete": "address-level2"}),
    )
    address = forms.CharField(
        label=_("Address"),
        help_text=_("Needed if you would like a visit at your premises."),
        max_length=250,
        required=False,
        error_messages={"max_length": _("The address must be 250 characters or fewer.")},
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address"}),
    )

    def clean_enterprise_name(self):
        return " ".join(self.cleaned_data["enterprise_name"].split())

    def clean_uscc(self):
        return normalize_uscc(self.cleaned_data["uscc"])


def element_choices():
    """Element codes with names in the active language (codes are the same in every language,
    so answers survive a switch of language in the middle of the form)."""
    active = get_language() or settings.LANGUAGE_CODE
    rows = list(
        Element.objects.filter(locale__language_code__in={active, settings.LANGUAGE_CODE})
        .select_related("locale")
        .order_by("sort_order", "code")
    )
    names = {}
    for element in rows:
        if element.code not in names or element.locale.language_code == active:
            names[element.code] = element
    return [(code, names[code].name) for code in names]


class NeedsForm(forms.Form):
    title = _("What you need")

    elements = forms.MultipleChoiceField(
        label=_("Which kinds of quality service do you need?"),
        help_text=_("Select all that apply. If you are not sure, choose the closest one."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one kind of service."),
            "invalid_choice": _("Select kinds of service from the list."),
        },
    )
    description = forms.CharField(
        label=_("Describe what you need"),
        help_text=_(
            "For example: what product or process it is about, what you have tried, and "
            "what result you need. Between 10 and 2000 characters."
        ),
        min_length=DESCRIPTION_MIN_LENGTH,
        max_length=DESCRIPTION_MAX_LENGTH,
        error_messages={
            "required": _("Describe what you need."),
            "min_length": _("Describe what you need in at least 10 characters."),
            "max_length": _("The description must be 2000 characters or fewer."),
        },
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}),
    )
    timeframe = forms.ChoiceField(
        label=_("When do you need it?"),
        choices=choices.Timeframe.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select when you need the service."),
            "invalid_choice": _("Select when you need the service."),
        },
    )
    preferred_channel = forms.ChoiceField(
        label=_("How would you like to be served?"),
        choices=choices.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select how you would like to be served."),
            "invalid_choice": _("Select how you would like to be served."),
        },
    )

    services = forms.MultipleChoiceField(
        label=_("Specific services"),
        help_text=_("The services of the page you came from. Untick any you do not need."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select services from the list.")},
    )
    preferred_provider = forms.ChoiceField(
        label=_("Preferred provider"),
        help_text=_("If you already know which institution you would like to work with."),
        required=False,
        error_messages={"invalid_choice": _("Select a provider from the list.")},
    )

    def __init__(
        self, *args, element_choices=None, service_choices=None, provider_choices=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["elements"].choices = element_choices or []
        if service_choices:
            self.fields["services"].choices = service_choices
        else:
            del self.fields["services"]
        if provider_choices:
            self.fields["preferred_provider"].choices = [
                ("", _("No preference")),
                *provider_choices,
            ]
        else:
            del self.fields["preferred_provider"]

    def clean_description(self):
        return self.cleaned_data["description"].strip()


class FilesForm(UploadsMixin, forms.Form):
    title = _("Supporting files")

    upload = upload_field(_("Upload files"))


class ContactForm(forms.Form):
    title = _("Contact details and consent")

    contact_name = forms.CharField(
        label=_("Full name"),
        max_length=100,
        error_messages={
            "required": _("Enter the name of the person we should contact."),
            "max_length": _("The name must be 100 characters or fewer."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    contact_phone = forms.CharField(
        label=_("Mobile phone number"),
        help_text=_("A mainland China mobile number, like 138 0013 8000."),
        required=False,
        max_length=30,
        widget=forms.TextInput(
            attrs={
                "type": "tel",
                "autocomplete": "tel",
                "inputmode": "tel",
                "class": "input-width-20",
            }
        ),
    )
    contact_email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send the acknowledgement and the tracking link here."),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com.")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    preferred_contact = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=choices.ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select how we should contact you."),
            "invalid_choice": _("Select how we should contact you."),
        },
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that my details are used to handle "
            "this request."
        ),
        error_messages={"required": _("You must agree to the privacy notice before you continue.")},
    )
    share_consent = forms.BooleanField(
        label=_(
            "I agree that my details may be shared with the service providers that work "
            "on this request."
        ),
        help_text=_("Optional. Without it, the platform contacts providers on your behalf."),
        required=False,
    )
    # Honeypot: hidden from people (and from assistive technology); scripts fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_contact_phone(self):
        value = self.cleaned_data.get("contact_phone", "")
        return validators.normalize_mobile(value) if value.strip() else ""

    def clean_contact_email(self):
        value = self.cleaned_data.get("contact_email", "").strip()
        if "@" in value:
            local, domain = value.rsplit("@", 1)
            value = f"{local}@{domain.lower()}"
        return value

    def clean(self):
        data = super().clean()
        phone, email = data.get("contact_phone"), data.get("contact_email")
        if "contact_phone" in data and "contact_email" in data and not phone and not email:
            self.add_error(
                "contact_phone", _("Enter a mobile phone number or an email address, or both.")
            )
        method = data.get("preferred_contact")
        if method == choices.ContactMethod.PHONE and "contact_phone" in data and not phone:
            if email:
                self.add_error(
                    "contact_phone",
                    _("Enter a mobile phone number, or choose to be contacted by email."),
                )
        if method == choices.ContactMethod.EMAIL and "contact_email" in data and not email:
            if phone:
                self.add_error(
                    "contact_email",
                    _("Enter an email address, or choose to be contacted by phone."),
                )
        return data

    @property
    def honeypot_tripped(self):
        return bool((self.cleaned_data or {}).get("website"))


class CheckForm(forms.Form):
    title = _("Check your answers before sending your request")

    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
