"""Choices of the service directory. Values are stored in the database and used in URLs and in the
HSDS import/export format, so they are final; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ElementKind(models.TextChoices):
    CORE = "core", _("Core element")
    EXTENDED = "extended", _("Extended element")


class ProviderType(models.TextChoices):
    METROLOGY_INSTITUTE = "metrology_institute", _("Metrology institute")
    TESTING_LAB = "testing_lab", _("Inspection and testing laboratory")
    CERTIFICATION_BODY = "certification_body", _("Certification body")
    STANDARDS_INSTITUTE = "standards_institute", _("Standardisation institute")
    ASSOCIATION = "association", _("Industry association")
    CONSULTANCY = "consultancy", _("Consultancy")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    """How an enterprise can receive a service."""

    ONLINE = "online", _("Online")
    STATION = "station", _("At a service station")
    ONSITE = "onsite", _("On-site visit")


class FeeType(models.TextChoices):
    FREE = "free", _("Free")
    CHARGED = "charged", _("Charged")


class Scheme(models.TextChoices):
    """Credential schemes: CNAS accreditation, CMA qualification (检验检测机构资质认定) and CNCA
    approval of certification bodies."""

    CNAS = "CNAS", _("CNAS accreditation")
    CMA = "CMA", _("CMA inspection and testing qualification")
    CNCA = "CNCA", _("CNCA approval")
    OTHER = "other", _("Other credential")


class CredentialStatus(models.TextChoices):
    """Computed from the dates, never stored: an expired credential stays on the profile."""

    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expires soon")
    EXPIRED = "expired", _("Expired")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")


class ServiceSort(models.TextChoices):
    RECOMMENDED = "recommended", _("Recommended")
    TITLE = "title", _("Name")
    TURNAROUND = "turnaround", _("Fastest turnaround")
    NEWEST = "newest", _("Newest")
