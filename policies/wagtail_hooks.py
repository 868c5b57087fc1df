"""Admin registration for the policy library: only registration lives here; viewsets in
viewsets.py."""

from wagtail.snippets.models import register_snippet

from policies.viewsets import PolicyLibraryViewSetGroup

register_snippet(PolicyLibraryViewSetGroup)
