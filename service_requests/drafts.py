"""Save and return (GOV.UK pattern; DESIGN.md §12): a request form saved server-side and
reopened on any device through a one-time link.

- Saving copies the wizard's answers and its uploaded files (to ``drafts/<submission token>/``
  of the private storage) into a ``RequestDraft``, with a hashed one-time token and an expiry of
  ``REQUEST_DRAFT_DAYS`` days (default 7). The link goes out through the delivery log.
- Opening the link spends the token and hands back the answers and copies of the files for a new
  wizard session. A spent or expired link can be re-issued by giving the contact again.
- Sending the form deletes the draft in the submission's transaction (``submit``): the draft and
  the request share the submission token, so a replay finds the request and creates nothing.
- Expired drafts and their files are erased by the scheduled job ``purge_expired_drafts``.
"""

import posixpath
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from service_requests import secret_messages, services, validators
from service_requests.choices import DeliveryKind
from service_requests.consent import is_current
from service_requests.models import RequestDraft
from service_requests.models.drafts import hash_secret
from service_requests.services.files import delete_files
from service_requests.storage import WIZARD_UPLOADS_PREFIX, private_storage

DRAFTS_PREFIX = "drafts"
DEFAULT_DRAFT_DAYS = 7


def draft_days():
    return getattr(settings, "REQUEST_DRAFT_DAYS", DEFAULT_DRAFT_DAYS)


def normalize_contact(value):
    """An email in lower case, or a mainland mobile number in digits; ``""`` if neither."""
    value = (value or "").strip()
    if "@" in value:
        return value.lower()
    try:
        return validators.normalize_mobile(value)
    except ValidationError:  # not a mobile number either
        return ""


# --- saving -------------------------------------------------------------------------------------
def _copy(name, folder):
    extension = posixpath.splitext(name)[1]
    with private_storage.open(name) as source:
        return private_storage.save(f"{folder}/{uuid.uuid4().hex}{extension}", source)


def _copy_uploads(uploads, folder):
    copied = []
    for upload in uploads:
        if private_storage.exists(upload["tmp_name"]):
            copied.append({**upload, "tmp_name": _copy(upload["tmp_name"], folder)})
    return copied


def save(*, page, language, submission_token, step_data, current_step, uploads, prefill,
         contact, notice_version, now=None):  # fmt: skip
    """Store (or replace) the draft of the form with ``submission_token``; returns
    ``(draft, token)`` with the one-time token in clear (only its hash is stored)."""
    now = now or timezone.now()
    folder = f"{DRAFTS_PREFIX}/{submission_token}"
    copied = _copy_uploads(uploads, folder)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        old = (
            RequestDraft.objects.select_for_update()
            .filter(submission_token=submission_token)
            .first()
        )
        stale = [upload["tmp_name"] for upload in (old.uploads if old else [])]
        draft, _created = RequestDraft.objects.update_or_create(
            submission_token=submission_token,
            defaults={
                "page": page,
                "language": language,
                "step_data": step_data,
                "current_step": current_step or "",
                "uploads": copied,
                "prefill": prefill or {},
                "contact": contact,
                "privacy_notice_version": notice_version,
                "token_hash": hash_secret(token),
                "token_used_at": None,
                "created_at": now,
                "expires_at": now + timedelta(days=draft_days()),
            },
        )
        transaction.on_commit(lambda: delete_files(stale))
    return draft, token


def issue_token(draft, now=None):
    """A new one-time token for ``draft`` (the earlier one stops working)."""
    token = secrets.token_urlsafe(32)
    RequestDraft.objects.filter(pk=draft.pk).update(
        token_hash=hash_secret(token), token_used_at=None
    )
    return token


def queue_link(draft, token, url):
    """Send the link through the delivery log, by email or SMS (``secret_messages``)."""
    context = {"url": url, "expires_at": timezone.localtime(draft.expires_at)}
    return secret_messages.queue(DeliveryKind.DRAFT_LINK, draft.contact, draft.language, context)


def reissue(contact, url_for, now=None):
    """Send a new link for every live draft saved with ``contact``; returns how many. The caller
    answers the same whether or not there was one."""
    now = now or timezone.now()
    count = 0
    for draft in RequestDraft.objects.filter(contact=contact, expires_at__gt=now):
        token = issue_token(draft, now)
        queue_link(draft, token, url_for(draft, token))
        count += 1
    return count


# --- restoring ----------------------------------------------------------------------------------
def find(token, now=None):
    """The live draft of an unspent ``token``, else ``None``."""
    if not token:
        return None
    now = now or timezone.now()
    return RequestDraft.objects.filter(
        token_hash=hash_secret(token), token_used_at__isnull=True, expires_at__gt=now
    ).first()


def spend(token, now=None):
    """Spend ``token`` (once: a conditional update) and return its draft with copies of its files
    under the wizard's temporary prefix, or ``None``."""
    now = now or timezone.now()
    draft = find(token, now)
    if draft is None:
        return None
    spent = RequestDraft.objects.filter(pk=draft.pk, token_used_at__isnull=True).update(
        token_used_at=now
    )
    if not spent:
        return None
    folder = f"{WIZARD_UPLOADS_PREFIX}/{draft.submission_token}"
    draft.uploads = _copy_uploads(draft.uploads, folder)
    return draft


def consent_is_current(draft, page):
    return is_current(draft.privacy_notice_version, page)


def without_consents(step_data):
    """The answers with the consent questions unanswered (asked again after a notice change)."""
    contact = dict(step_data.get("contact") or {})
    for name in ("contact-privacy_consent", "contact-share_consent"):
        contact.pop(name, None)
    return {**step_data, "contact": contact} if step_data.get("contact") else step_data


# --- submission and purge -----------------------------------------------------------------------
def submit(submission, *, saved=True):
    """``services.submit_request`` and, in the same transaction, the deletion of the draft the
    form was saved as (its files once committed). ``saved=False``: the form was never saved, so
    there is no draft to look for."""
    if not saved:
        return services.submit_request(submission)
    with transaction.atomic():
        service_request, created = services.submit_request(submission)
        if created:
            _delete(RequestDraft.objects.filter(submission_token=submission.submission_token))
    return service_request, created


def _delete(drafts):
    names = [upload["tmp_name"] for draft in drafts for upload in draft.uploads]
    drafts.delete()
    transaction.on_commit(lambda: delete_files(names))


def purge_expired(now=None):
    """Erase drafts past their expiry and their files; returns a report line."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = RequestDraft.objects.select_for_update().filter(expires_at__lte=now)
        count = len(expired)
        _delete(expired)
    return f"{count} expired saved request forms erased."
