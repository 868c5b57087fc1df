"""Models of the service directory: elements, providers and their services, solutions, stations."""

from directory.choices import ElementKind
from directory.models.directory import DirectoryIndexPage, SolutionPage, SolutionStep
from directory.models.elements import Element, elements_in_locale
from directory.models.freshness import FreshnessReminder, ProviderVerification
from directory.models.providers import (
    ProviderAddress,
    ProviderCredential,
    ProviderIndexPage,
    ProviderPage,
)
from directory.models.services import ServicePage
from directory.models.stations import StationIndexPage, StationPage

__all__ = [
    "DirectoryIndexPage",
    "Element",
    "ElementKind",
    "FreshnessReminder",
    "ProviderAddress",
    "ProviderCredential",
    "ProviderIndexPage",
    "ProviderPage",
    "ProviderVerification",
    "ServicePage",
    "SolutionPage",
    "SolutionStep",
    "StationIndexPage",
    "StationPage",
    "elements_in_locale",
]
