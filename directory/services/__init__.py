"""Domain logic of the directory with no HTTP in it, by role: the querysets and pieces behind
every listing (``queries``), what listing pages show (``listings``), what detail pages show and
keeping translations pointed at their own language (``details``), and the index pages and
provider editors' permissions (``tree``). Page models and the import call the names below."""

from directory.services.details import (
    localize_solution_steps,
    localize_station_services,
    provider_profile,
    service_detail,
    solution_detail,
    solution_steps,
    station_detail,
)
from directory.services.listings import (
    element_landing,
    home_sections,
    provider_listing,
    service_listing,
    station_listing,
)
from directory.services.tree import ensure_index_pages, grant_provider_editor

__all__ = [
    "element_landing",
    "ensure_index_pages",
    "grant_provider_editor",
    "home_sections",
    "localize_solution_steps",
    "localize_station_services",
    "provider_listing",
    "provider_profile",
    "service_detail",
    "service_listing",
    "solution_detail",
    "solution_steps",
    "station_detail",
    "station_listing",
]
