"""Choices of the policy library. The stored values are also the values of the import format
(``docs/policy-import.md``), so they are final: renaming one needs a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    """Administrative level of an issuing authority and of the policies it issues."""

    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")


class PolicyType(models.TextChoices):
    LAW = "law", _("Law")
    REGULATION = "regulation", _("Regulation")
    NORMATIVE = "normative", _("Normative document")
    STANDARD = "standard", _("Standard")
    INTERPRETATION = "interpretation", _("Policy interpretation")
    NOTICE = "notice", _("Notice")


class PolicyStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class RelationType(models.TextChoices):
    """How one policy relates to another: the choice is a verb for editors; pages head each
    group with ``OUTGOING_LABELS`` on the side that holds the relation and ``INVERSE_LABELS``
    on the other side."""

    INTERPRETS = "interprets", _("Interprets")
    REPLACES = "replaces", _("Replaces")
    AMENDS = "amends", _("Amends")


OUTGOING_LABELS = {
    RelationType.INTERPRETS: pgettext_lazy("policy relation heading", "Interprets"),
    RelationType.REPLACES: pgettext_lazy("policy relation heading", "Replaces"),
    RelationType.AMENDS: pgettext_lazy("policy relation heading", "Amends"),
}
INVERSE_LABELS = {
    RelationType.INTERPRETS: pgettext_lazy("policy relation heading", "Interpreted by"),
    RelationType.REPLACES: pgettext_lazy("policy relation heading", "Replaced by"),
    RelationType.AMENDS: pgettext_lazy("policy relation heading", "Amended by"),
}

# schema.org LegalForceStatus of each status.
LEGAL_FORCE = {
    PolicyStatus.IN_FORCE: "InForce",
    PolicyStatus.AMENDED: "PartiallyInForce",
    PolicyStatus.REPEALED: "NotInForce",
}
