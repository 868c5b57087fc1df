"""Offline service at stations (DESIGN.md §12): which staff record requests for which station,
and the visitors' 扫码评价 ratings of a station."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StationDesk(models.Model):
    """The members of ``group`` staff the desk of ``station``: they may record walk-in, phone and
    on-site requests for it in the admin (coordinators and inbox staff may record for any
    station)."""

    station = models.ForeignKey(
        "directory.StationPage",
        verbose_name=_("service station"),
        on_delete=models.CASCADE,
        related_name="desks",
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("staff group"),
        on_delete=models.CASCADE,
        related_name="station_desks",
        help_text=_("Its members record requests for this station."),
    )

    class Meta:
        verbose_name = _("station desk")
        verbose_name_plural = _("station desks")
        constraints = [
            models.UniqueConstraint(fields=["station", "group"], name="station_desk_unique")
        ]

    def __str__(self):
        return f"{self.station} · {self.group}"


class StationRating(models.Model):
    """One visitor's rating of a station (扫码评价): 1 (very dissatisfied) to 5, and a comment."""

    station = models.ForeignKey(
        "directory.StationPage",
        verbose_name=_("service station"),
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=500)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("rated at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("station rating")
        verbose_name_plural = _("station ratings")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__range=(1, 5)), name="station_rating_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.station} · {self.score}"
