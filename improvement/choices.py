"""Choices of continuous improvement: follow-up outcomes, improvement action states, RAG."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom range")


class OutcomeAchieved(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class Outcome(models.TextChoices):
    """What a resolved request achieved for the enterprise (服务成效)."""

    CERTIFICATE = "certificate", _("Certificate obtained")
    TESTING_PASSED = "testing_passed", _("Product passed testing")
    STANDARD_ADOPTED = "standard_adopted", _("Standard adopted")
    MEASUREMENT = "measurement", _("Measurement capability improved")
    PATENT_TRADEMARK = "patent_trademark", _("Patent or trademark filed")
    OTHER = "other", _("Other")


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("improvement action status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Rating(models.TextChoices):
    """Red / amber / green of a monitored figure against its target."""

    GREEN = "green", _("On target")
    AMBER = "amber", _("Close to target")
    RED = "red", _("Off target")
