"""Domain models of the service directory."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index


class ElementKind(models.TextChoices):
    CORE = "core", _("Core element")
    EXTENDED = "extended", _("Extended element")


class Element(TranslatableMixin, index.Indexed, models.Model):
    """A kind of quality service (要素). Translatable snippet: the ``code`` is the stable key that
    URLs, imports, routing rules and SLA targets use, the same in every language."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("Stable identifier used in URLs and imports, e.g. metrology."),
    )
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ElementKind.choices, default=ElementKind.CORE
    )
    icon = models.CharField(
        _("icon"),
        max_length=40,
        blank=True,
        help_text=_("Name of an icon in static/img/elements/, without the extension."),
    )
    summary = models.CharField(_("summary"), max_length=250, blank=True)
    description = RichTextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("icon"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("summary"),
        index.FilterField("locale_id"),
        index.FilterField("code"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("element")
        verbose_name_plural = _("elements")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="unique_element_code_locale")
        ]

    def __str__(self):
        return self.name

    @property
    def is_core(self):
        return self.kind == ElementKind.CORE
