"""The abstract base of the directory's content pages (provider, service, station, solution):
each can come from an HSDS import, so it keeps the record's identifier, and each has the short
summary that lists show."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from directory.forms import DirectoryPageForm
from website.models import BasePage

EXTERNAL_ID_HELP = _(
    "Identifier of this record in imported HSDS files. Leave empty for new content."
)


class DirectoryPage(BasePage):
    """A page of the directory that an import can create or update by ``external_id``."""

    external_id = models.CharField(
        _("external identifier"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=EXTERNAL_ID_HELP,
    )
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences shown in lists.")
    )

    settings_panels = BasePage.settings_panels + [FieldPanel("external_id")]
    base_form_class = DirectoryPageForm

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or self.summary
