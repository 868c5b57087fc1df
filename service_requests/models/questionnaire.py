"""The one-time questionnaire behind a secret link: the satisfaction survey of a resolved request
and continuous improvement's impact follow-up are both one."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _


def new_secret_token():
    return secrets.token_urlsafe(24)


class Questionnaire(models.Model):
    """A questionnaire sent once per request by email with a secret link and answered once.

    Subclasses add their ``request`` (a one-to-one field with its own related name) and their
    answer fields. The answer is stored by a conditional update, so two submissions of the same
    link cannot both win."""

    token = models.CharField(max_length=64, default=new_secret_token, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_answered(self):
        return self.responded_at is not None

    def check_token(self, token):
        return bool(token) and constant_time_compare(str(token), self.token)

    @classmethod
    def find(cls, reference, token):
        """The questionnaire of the request ``reference`` if ``token`` is its token, else
        ``None``; the answer takes as long whether or not the reference exists."""
        questionnaire = (
            cls.objects.select_related("request").filter(request__reference=reference).first()
        )
        if questionnaire is None:
            cls(token="x" * 32).check_token(token)
            return None
        return questionnaire if questionnaire.check_token(token) else None

    def record_answer(self, now=None, **answer):
        """Store ``answer`` once. Returns ``False`` when it was already answered."""
        now = now or timezone.now()
        answered = (
            type(self)
            .objects.filter(pk=self.pk, responded_at__isnull=True)
            .update(responded_at=now, **answer)
        )
        if answered:
            for name, value in answer.items():
                setattr(self, name, value)
            self.responded_at = now
        return bool(answered)
