"""Plain-text emails rendered from a ``…_subject.txt`` and a ``….txt`` template in the
recipient's language, and the language a staff member reads the admin in."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def user_language(user):
    """The admin language ``user`` chose, else the site's default language."""
    profile = getattr(user, "wagtail_userprofile", None)
    return getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE


def build_email(template, context, *, language, to, headers=None):
    """``template`` without its suffix: ``{template}_subject.txt`` and ``{template}.txt``."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return EmailMessage(
        " ".join(subject.split()), body.strip() + "\n", to=list(to), headers=headers
    )
