"""Choices of the policy library. The stored values are also the values of the import format
(``docs/policy-import.md``), so they are final: renaming one needs a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    """How one policy relates to another. Each has a label for the side that holds the relation
    and one for the other side (see ``INVERSE_LABELS``)."""

    INTERPRETS = "interprets", _("Interprets")
    REPLACES = "replaces", _("Replaces")
    AMENDS = "amends", _("Amends")


INVERSE_LABELS = {
    RelationType.INTERPRETS: _("Interpreted by"),
    RelationType.REPLACES: _("Replaced by"),
    RelationType.AMENDS: _("Amended by"),
}

# schema.org LegalForceStatus of each status.
LEGAL_FORCE = {
    PolicyStatus.IN_FORCE: "InForce",
    PolicyStatus.AMENDED: "PartiallyInForce",
    PolicyStatus.REPEALED: "NotInForce",
}
