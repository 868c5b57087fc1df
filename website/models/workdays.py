"""Working days that coordinators set by hand."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class WorkingDayOverride(models.Model):
    """One day whose status coordinators set by hand; it beats the holiday library in
    ``website.workdays``. Used to enter next year's official schedule (holidays and adjusted
    working days) as soon as the State Council publishes it, and local closures.

    Not translatable on purpose: a date is the same day in every language, and one row must give
    one answer for SLA dates whatever language a request came in."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        default=False,
        help_text=_(
            "Ticked: a working day (e.g. an adjusted working Saturday). "
            "Not ticked: a day off (e.g. a holiday)."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Why, e.g. “National Day holiday” or “adjusted working day”."),
    )

    panels = [FieldPanel("date"), FieldPanel("is_working_day"), FieldPanel("note")]

    class Meta:
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"
