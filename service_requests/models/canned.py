"""Canned replies (常用回复): texts an inbox sends again and again, kept as translatable snippets
(wagtail-localize), with placeholders filled from the request when staff pick one."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

# The only names a canned reply may use; anything else in braces stays as written.
PLACEHOLDERS = ("reference", "enterprise", "contact", "elements")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


class CannedReply(TranslatableMixin, models.Model):
    """A reply text an inbox uses again and again. Without an inbox it is offered to every inbox.
    Placeholders are replaced by plain text (never evaluated): {reference}, {enterprise},
    {contact}, {elements}."""

    title = models.CharField(_("title"), max_length=100)
    inbox = models.ForeignKey(
        "service_requests.Inbox",
        verbose_name=_("inbox"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="canned_replies",
        help_text=_("Leave empty to offer it to every inbox."),
    )
    text = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders: {reference} the request's reference, {enterprise} the enterprise's "
            "name, {contact} the contact person, {elements} the elements of the request."
        ),
    )

    panels = [FieldPanel("title"), FieldPanel("inbox"), FieldPanel("text")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def in_language(self, language):
        """This reply in ``language`` where a translation exists, else as stored."""
        translation = self.get_translations(inclusive=True).filter(locale__language_code=language)
        return translation.first() or self

    def render(self, service_request):
        """The text with its placeholders replaced by the request's values."""
        separator = "、" if service_request.language.startswith("zh") else ", "
        values = {
            "reference": service_request.reference,
            "enterprise": service_request.enterprise_name,
            "contact": service_request.contact_name,
            "elements": separator.join(e.name for e in service_request.localized_elements()),
        }
        return _PLACEHOLDER.sub(lambda match: values[match.group(1)], self.text)


def canned_replies_for(service_request):
    """The canned replies offered on ``service_request``: those of its inboxes and the shared
    ones, in the default language (the chosen one is rendered in the request's language)."""
    inboxes = models.Q(inbox__isnull=True) | models.Q(
        inbox__in=service_request.inboxes.values("pk")
    )
    if service_request.lead_inbox_id:
        inboxes |= models.Q(inbox=service_request.lead_inbox_id)
    return CannedReply.objects.filter(
        inboxes, locale__language_code=settings.LANGUAGE_CODE
    ).order_by("title", "pk")
