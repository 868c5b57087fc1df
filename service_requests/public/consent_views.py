"""The consent to share with providers, given on the tracking page (DESIGN.md §12): the section
shows the privacy notice and a checkbox while the enterprise has not consented; its POST
(``action=share_consent``) records the consent with time and notice version."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from service_requests import consent

ACTION = "share_consent"


class ShareConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=gettext_lazy(
            "I agree that the platform shares my contact details and files with the providers "
            "working on this request."
        ),
        error_messages={"required": gettext_lazy("Tick the box to agree.")},
    )


def handle(page, request, service_request):
    """The response to a consent POST, or None for any other request."""
    if request.method != "POST" or request.POST.get("action") != ACTION:
        return None
    form = ShareConsentForm(request.POST)
    if form.is_valid():
        if consent.give_share_consent(service_request, page):
            messages.success(request, _("Thank you. Providers may now contact you directly."))
        return HttpResponseRedirect(service_request.get_tracking_url(absolute=False, page=page))
    return form


def context(service_request, form=None):
    """What ``tracking/_consent.html`` needs."""
    if service_request.share_consent or service_request.personal_data_erased_at:
        return {"consent_form": None}
    return {"consent_form": form or ShareConsentForm(), "consent_action": ACTION}
