"""Shared fixtures: locales, the site tree in both languages, staff users per role.

The baseline every test starts from — the two locales, the home page in both languages as the
default site's root (at ``testserver``), its site settings, the seven elements, the privacy and
request pages in both languages and the demo inboxes — is built once
per test database, right after it is created (``django_db_setup``), instead of once per test.
Each test still runs in its own transaction (or, for transactional tests, gets the baseline put
back afterwards), so the fixtures below only fetch what is there.
"""

import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connections
from pytest_django.plugin import blocking_manager_key
from wagtail.models import Page, Site

from directory.models import Element, ProviderIndexPage, ProviderPage
from directory.standard_elements import ensure_elements
from service_requests.demo import ensure_inboxes, ensure_request_page
from service_requests.models import Inbox
from tests.hosts.servers import missing_services
from tests.isolation import check_asks_for, media_settings
from tests.object_storage import moto_server, new_bucket
from website.demo import ensure_site_settings
from website.models import HomePage, SiteSettings, StandardPage
from website.page_tree import ensure_home, ensure_translated_page, get_locales
from website.settings.env import get_object_storages


def build_baseline():
    """The objects every test may rely on; idempotent, so a reused database (``--reuse-db``)
    is left as it is."""
    get_locales()
    home, site = ensure_home()
    if (site.hostname, site.port) != ("testserver", 80):
        site.hostname, site.port = "testserver", 80
        site.save()
    ensure_site_settings(site)
    ensure_elements()
    ensure_request_form(home)


def ensure_request_form(home):
    """The privacy page, the request page in both languages and the demo inboxes (the request
    form's routing): most tests of the request flow need them, and publishing four pages per
    test took a sixth of the suite's time, so they are part of the baseline."""
    ensure_translated_page(
        home,
        StandardPage,
        "privacy",
        {"title": "隐私政策", "intro": "隐私"},
        {"title": "Privacy policy", "intro": "Privacy"},
    )
    pages = ensure_request_page(home)
    ensure_inboxes()
    return pages


def pytest_collection_modifyitems(config, items):
    """``multihost`` tests need PostgreSQL and Redis: skipped with the reason on SQLite, an
    error where ``REQUIRE_MULTIHOST`` says they must run (the PostgreSQL stage of ``.ci/run``)."""
    marked = [item for item in items if item.get_closest_marker("multihost")]
    reason = marked and missing_services()
    if not reason:
        return
    if os.environ.get("REQUIRE_MULTIHOST"):
        raise pytest.UsageError(f"multihost tests cannot run: {reason}")
    for item in marked:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases (one per xdist worker) with the baseline built in.

    Django serialised each database right after its migrations, for ``serialized_rollback``
    tests and the restore in ``pytest_runtest_teardown`` below: serialise it again so that the
    baseline, too, is put back after a transactional test."""
    with django_db_blocker.unblock():
        build_baseline()
        for connection in connections.all(initialized_only=True):
            if getattr(connection, "_test_serialized_contents", None) is not None:
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


def pytest_runtest_setup(item):
    check_asks_for(item)


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
    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Every test writes media and private files to its own folders."""
    for name, value in media_settings(tmp_path).items():
        setattr(settings, name, value)
    settings.SMS_FILE_PATH = str(tmp_path / "sms")  # SMS of the file backend


@pytest.fixture
def locales(db):
    zh, en = get_locales()
    return {"zh-hans": zh, "en": en}


@pytest.fixture
def home(locales):
    """The zh-hans home page (the default site's root at ``testserver``) with its English
    translation and the site settings: part of the baseline."""
    return HomePage.objects.get(locale=locales["zh-hans"])


@pytest.fixture
def en_home(home, locales):
    return home.get_translation(locales["en"])


@pytest.fixture
def elements(locales):
    """The seven elements in Chinese with English translations, by code (Chinese ones): part
    of the baseline."""
    return ensure_elements()


@pytest.fixture
def fresh_site(db):
    """The database as ``migrate`` alone leaves it, for the code that must cope with that: the
    baseline's home pages, site settings and elements removed, Wagtail's welcome page back as the
    default site's root."""
    site = Site.objects.get(is_default_site=True)
    welcome = Page(title="Welcome to your new Wagtail site!", slug="welcome")
    Page.get_first_root_node().add_child(instance=welcome)
    site.root_page, site.hostname, site.port = welcome, "localhost", 80
    site.save()
    SiteSettings.objects.all().delete()
    HomePage.objects.all().delete()  # and the pages under them
    Inbox.objects.all().delete()
    Element.objects.all().delete()
    welcome.slug = "home"  # free again now that the home pages are gone
    welcome.save(update_fields=["slug"])
    return site


@pytest.fixture
def standard_page(home):
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


# --- requests: the request page, providers, a staff user ---------------------------------------
@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached fragments live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def request_page(home, elements):
    """The request page (zh-hans at /request/, English at /en/request/) and the demo inboxes:
    part of the baseline."""
    return ensure_request_form(home)


@pytest.fixture
def providers(home, elements):
    """Two providers under the providers index."""
    index = ProviderIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=ProviderIndexPage(title="机构", slug="providers"))
    made = []
    for number in range(2):
        made.append(
            index.add_child(
                instance=ProviderPage(
                    title=f"技术机构{number}", slug=f"org-{number}", summary="技术机构简介"
                )
            )
        )
    return made


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user("staff", "staff@example.com", "pw", is_staff=True)


# --- object storage (a local moto S3 server) -------------------------------------------------
@pytest.fixture(scope="session")
def s3_endpoint():
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def object_storage(settings, s3_endpoint, monkeypatch):
    """Media and private files of this test on a new bucket of the local S3 server, configured
    through ``STORAGE_URL`` as on a real host; yields ``{"endpoint", "bucket", "url"}``."""
    url = new_bucket(s3_endpoint)
    monkeypatch.setenv("STORAGE_URL", url)
    settings.STORAGES = {**settings.STORAGES, **get_object_storages("STORAGE_URL")}
    return {"endpoint": s3_endpoint, "bucket": url.split("/")[2], "url": url}
