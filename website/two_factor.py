"""Two-factor authentication for staff (django-otp, TOTP authenticator apps).

A staff member with a confirmed authenticator must give its 6-digit code with the password
(``OTPLoginForm``, Wagtail's login form with one more field). With
``STAFF_REQUIRE_TWO_FACTOR`` (on in production, off in the embedded default and for the demo
users) every admin page first sends a staff member without a verified session to
``/admin/two-factor/``: to set up an authenticator there, or to enter its code.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.forms.auth import LoginForm

CODE_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}


def code_field(required):
    return forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("6 digits, shown by the authenticator app on your phone."),
        required=required,
        max_length=8,
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )


class OTPLoginForm(LoginForm):
    otp_token = code_field(required=False)

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            token = (cleaned.get("otp_token") or "").strip()
            device = match_token(user, token) if token else None
            if device is None:
                raise ValidationError(
                    _("Enter the current 6-digit code from your authenticator app."), code="otp"
                )
            self.request._otp_device = device
        return cleaned


@receiver(user_logged_in, dispatch_uid="two-factor-login")
def _verify_session(sender, request, user, **kwargs):
    device = getattr(request, "_otp_device", None)
    if device is not None:
        otp_login(request, device)


class CodeForm(forms.Form):
    otp_token = code_field(required=True)


def two_factor_view(request):
    """Set up an authenticator (none confirmed yet) or verify this session with its code."""
    user = request.user
    confirmed = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    device = confirmed
    if device is None:
        device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"].strip()):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                messages.success(request, _("Two-factor authentication is on for your account."))
            otp_login(request, device)
            return redirect("wagtailadmin_home")
        form.add_error("otp_token", _("That code is not right. Enter the code shown now."))
    context = {
        "form": form,
        "setting_up": confirmed is None,
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "config_url": device.config_url,
        "page_title": _("Two-factor authentication"),
    }
    return TemplateResponse(request, "website/two_factor.html", context)


class RequireTwoFactorMiddleware:
    """With ``STAFF_REQUIRE_TWO_FACTOR``, admin pages need a session verified by a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "STAFF_REQUIRE_TWO_FACTOR", False) and self._needs_code(request):
            return redirect("website_two_factor")
        return self.get_response(request)

    @staticmethod
    def _needs_code(request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not request.path.startswith("/admin/"):
            return False
        exempt = (
            reverse("website_two_factor"),
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
        )
        return not request.path.startswith(exempt) and not user.is_verified()
