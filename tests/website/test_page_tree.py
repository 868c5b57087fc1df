"""The home page replaces Wagtail's welcome page without leaving work behind for the worker."""

import pytest
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from website.models import HomePage
from website.page_tree import ensure_home

pytestmark = pytest.mark.django_db


def test_the_welcome_page_is_replaced_without_queuing_tasks_for_it(fresh_site, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    welcome = fresh_site.root_page
    ensure_home()
    assert not Page.objects.filter(pk=welcome.pk).exists()
    home = HomePage.objects.get(locale__language_code="zh-hans")
    assert (home.slug, home.url_path) == ("home", "/home/")
    about_the_welcome_page = [
        task.task_path
        for task in DBTaskResult.objects.all()
        if str(welcome.pk) in task.args_kwargs["args"][2:]
        and task.args_kwargs["args"][:2] == ["wagtailcore", "page"]
    ]
    assert about_the_welcome_page == []
