"""The index follows the page tree: publish, unpublish, move, delete, and update_index."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from website.models import StandardPage

pytestmark = pytest.mark.django_db


def page_entries(page_id):
    """The index entries of the page ``page_id`` (an element, say, may have the same number)."""
    page_types = [
        content_type.pk
        for content_type in ContentType.objects.all()
        if issubclass(content_type.model_class() or object, Page)
    ]
    return IndexEntry.objects.filter(object_id=str(page_id), content_type__in=page_types)


def found(client, query, title):
    html = client.get("/search/", {"q": query}).content.decode()
    return title in html.replace("<mark>", "").replace("</mark>", "")


def test_publish_and_unpublish(client, make_page):
    page = make_page("计量校准服务", intro="提供计量校准服务")
    assert found(client, "校准", page.title)
    page.unpublish()
    assert not found(client, "校准", page.title)
    page.save_revision().publish()
    assert found(client, "校准", page.title)


def test_a_published_edit_replaces_the_old_text(client, make_page):
    page = make_page("咨询台甲", intro="提供计量校准服务")
    page.intro = "提供知识产权咨询"
    page.save_revision().publish()
    assert found(client, "知识产权", page.title)
    assert not found(client, "校准", page.title)


def test_draft_changes_are_not_searchable(client, make_page):
    page = make_page("咨询台乙", intro="提供计量校准服务")
    page.intro = "草稿：品牌培育"
    page.save_revision()  # not published
    assert not found(client, "品牌培育", page.title)


def test_move_and_delete(client, make_page, home):
    section = make_page("服务指南", slug="section")
    page = make_page("计量校准服务", intro="提供计量校准服务", slug="cal")
    page.move(section, pos="last-child")
    page.refresh_from_db()
    assert page.url == "/section/cal/"
    assert 'href="/section/cal/"' in client.get("/search/", {"q": "校准"}).content.decode()
    page_id = page.pk
    page.delete()
    assert not page_entries(page_id).exists()
    assert not found(client, "校准", "计量校准服务")


def test_pages_under_an_unpublished_parent_disappear(client, make_page, admin_user):
    section = make_page("服务指南", slug="section")
    child = make_page("计量校准服务", intro="提供计量校准服务", parent=section)
    UnpublishPageAction(section, user=admin_user, include_descendants=True).execute()
    assert not found(client, "校准", child.title)


def test_update_index_rebuilds_everything(client, make_page):
    page = make_page("计量校准服务", intro="提供计量校准服务")
    IndexEntry.objects.all().delete()
    assert not found(client, "校准", page.title)
    call_command("update_index", stdout=open("/dev/null", "w"))
    assert found(client, "校准", page.title)
    # Entries of deleted pages do not survive a rebuild.
    Page.objects.filter(pk=page.pk).delete()
    call_command("update_index", stdout=open("/dev/null", "w"))
    assert not page_entries(page.pk).exists()


def test_the_real_task_queue_and_worker_update_the_index(settings, client, home, monkeypatch):
    """In production the update is a queued task that the db_worker runs."""
    # The worker closes connections it thinks are stale; inside the test's transaction that would
    # close the test's own PostgreSQL connection.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = StandardPage(title="检验检测服务", slug="testing", intro="第三方检验检测")
    home.add_child(instance=page)
    page.save_revision().publish()
    assert not found(client, "检验检测", page.title)  # queued, not yet run
    call_command("db_worker", batch=True, queue_name="*", stdout=open("/dev/null", "w"))
    assert found(client, "检验检测", page.title)
