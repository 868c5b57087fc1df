"""Issuing authorities (发文机关), a translatable snippet."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

from policies.choices import Level


class IssuingAuthority(TranslatableMixin, index.Indexed, models.Model):
    """The body that issues policies (发文机关). A translatable snippet so the English pages can
    name it in English; the import command finds authorities by their Chinese name."""

    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    website = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("level"), FieldPanel("website")]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
        index.FilterField("level"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("issuing authority")
        verbose_name_plural = _("issuing authorities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "locale"], name="unique_authority_name_locale")
        ]

    def __str__(self):
        return self.name
