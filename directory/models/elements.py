"""Elements (要素): the seven kinds of quality service the whole site is organised by."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from directory.choices import ElementKind


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
    def icon_path(self):
        return f"img/elements/{self.icon or 'default'}.svg"


def elements_in_locale(elements, locale_id):
    """Map elements to their translations in ``locale_id`` (one query at most).

    wagtail-localize copies many-to-many values unchanged when it translates a page, so an English
    page may point at the Chinese elements until it is saved again; readers always get the
    element in the page's language.
    """
    elements = list(elements)
    foreign = [element.translation_key for element in elements if element.locale_id != locale_id]
    if not foreign:
        return elements
    translations = {
        element.translation_key: element
        for element in Element.objects.filter(translation_key__in=foreign, locale_id=locale_id)
    }
    return [
        element
        if element.locale_id == locale_id
        else translations.get(element.translation_key, element)
        for element in elements
    ]


def localize_elements(page):
    """Point ``page.elements`` at the elements of the page's own language before it is saved."""
    if not page.locale_id:
        return
    elements = list(page.elements.all())
    localized = elements_in_locale(elements, page.locale_id)
    if [element.pk for element in localized] != [element.pk for element in elements]:
        page.elements = localized
