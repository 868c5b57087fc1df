"""Admin viewsets of the policy library: a flat, filterable list of every policy page and the
issuing authorities, grouped under one menu item."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from policies.models import IssuingAuthority, PolicyPage


class PolicyPageListingViewSet(PageListingViewSet):
    model = PolicyPage
    icon = "doc-full"
    menu_label = _("Policies")
    name = "policy_pages"
    list_filter = ["status", "level", "policy_type", "locale"]


class IssuingAuthorityViewSet(SnippetViewSet):
    model = IssuingAuthority
    icon = "group"
    menu_label = _("Issuing authorities")
    list_display = ["name", "level", "website"]
    list_filter = ["level", "locale"]
    search_fields = ["name"]
    ordering = ["name"]


class PolicyLibraryViewSetGroup(ViewSetGroup):
    items = (PolicyPageListingViewSet, IssuingAuthorityViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Policy library")
    menu_order = 210
