"""Admin registration for the directory: only registration lives here; viewsets in viewsets.py."""

from wagtail.snippets.models import register_snippet

from directory.viewsets import ElementViewSet

register_snippet(ElementViewSet)
