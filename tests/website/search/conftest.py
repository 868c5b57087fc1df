"""Fixtures for the search tests: index updates run at once, a page factory, both backends."""

import functools

import pytest

from website.models import StandardPage


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Wagtail queues an index update as a task on every save; run those tasks at once here.
    (``test_index_updates`` also covers the real database queue and its worker.)"""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def add_standard_page(home, title, intro="", body="", slug=None, parent=None):
    """Create and publish a StandardPage under ``parent`` or the zh-hans home page."""
    page = StandardPage(
        title=title,
        slug=slug or f"p{StandardPage.objects.count() + 1}",
        intro=intro,
        body=[("text", f"<p>{body}</p>")] if body else [],
    )
    (parent or home).add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def make_page(home):
    """``make_page(title, intro, body, slug, parent)``: ``add_standard_page`` under this home."""
    return functools.partial(add_standard_page, home)
