"""Admin viewsets of the directory."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from directory.models import Element


class ElementViewSet(SnippetViewSet):
    model = Element
    icon = "tag"
    menu_label = _("Elements")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "code", "kind", "sort_order"]
    list_filter = ["kind", "locale"]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "code"]
