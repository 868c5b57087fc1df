"""The page types the site search covers, by key: ``?type=<key>`` on ``/search/``.

Models are named by ``app_label.ModelName`` and resolved when used, so a type whose model does not
exist (yet) is simply left out instead of breaking the search page. Order is display order.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SearchType:
    key: str
    model_label: str
    label: str
    # Fields whose text feeds the result snippet, in order of preference; empty means "every
    # SearchField of the model except the title".
    snippet_fields: tuple[str, ...] = field(default=())

    @property
    def model(self):
        try:
            return apps.get_model(self.model_label)
        except (LookupError, ValueError):
            return None


SEARCH_TYPES = (
    SearchType("policy", "policies.PolicyPage", _("Policies")),
    SearchType("service", "directory.ServicePage", _("Services")),
    SearchType("provider", "directory.ProviderPage", _("Providers")),
    SearchType("solution", "directory.SolutionPage", _("Solutions")),
    SearchType("station", "directory.StationPage", _("Stations")),
    SearchType("news", "website.NewsPage", _("News")),
    SearchType("page", "website.StandardPage", _("Pages")),
)


def available_types():
    """The search types whose models are installed."""
    return [search_type for search_type in SEARCH_TYPES if search_type.model is not None]


def get_type(key):
    for search_type in available_types():
        if search_type.key == key:
            return search_type
    return None


def type_for_model(model):
    """The search type a (specific) page model belongs to, subclasses included."""
    for search_type in available_types():
        if issubclass(model, search_type.model):
            return search_type
    return None
