"""Shared fixtures: locales, the site tree in both languages, staff users per role."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from pytest_django.plugin import blocking_manager_key


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put back what the migrations created after a ``serialized_rollback`` transactional test.

    Django restores that data at the start of such a test and empties every table at its end,
    trusting transactional tests to run last. Under ``pytest-xdist --dist loadfile`` ordinary
    tests of other files run after it on the same worker and would find no Wagtail root page,
    locales or permissions, so it is restored here, once every fixture has been torn down."""
    yield
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("serialized_rollback"):
        return
    if nextitem is None:
        # The last test of the session: the test database is already destroyed, nobody follows.
        return
    from django.db import connections

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Every test writes media and private files to its own folders."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture
def locales(db):
    from website.demo import get_locales

    zh, en = get_locales()
    return {"zh-hans": zh, "en": en}


@pytest.fixture
def home(locales):
    """The zh-hans home page (the default site's root) with its English translation."""
    from website.demo import ensure_home, ensure_site_settings

    home, site = ensure_home()
    site.hostname, site.port = "testserver", 80
    site.save()
    ensure_site_settings(site)
    return home


@pytest.fixture
def en_home(home, locales):
    return home.get_translation(locales["en"])


@pytest.fixture
def standard_page(home):
    from website.demo import ensure_translated_page
    from website.models import StandardPage

    return ensure_translated_page(
        home,
        StandardPage,
        "guide",
        {"title": "办事指南", "intro": "如何申请服务。", "body": [("text", "<p>正文</p>")]},
        {"title": "Guide", "intro": "How to apply.", "body": [("text", "<p>Body</p>")]},
        show_in_menus=True,
    )


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")


@pytest.fixture
def zh_language():
    return settings.LANGUAGE_CODE
