"""Fixtures of the staff-side tests: requests routed to the demo inboxes through the real
services, and one user per role (member of the metrology inbox, member of the inspection &
testing inbox, coordinator, editor without inboxes)."""

import itertools

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile

from service_requests import factories

_numbers = itertools.count(1)


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@pytest.fixture
def inboxes(request_page):
    from service_requests.models import Inbox

    return {inbox.code: inbox for inbox in Inbox.objects.all()}


@pytest.fixture
def make_request(inboxes):
    """``make_request(["metrology"], state="accepted")``: a request submitted through the
    services (routed like a real one), moved along legal transitions to ``state``."""

    def make(
        codes=("metrology",), state="submitted", *, city="guangzhou", name="测试企业", **extra
    ):
        number = next(_numbers)
        answers = {
            "enterprise_name": f"{name}{number}",
            "uscc": factories.make_uscc(number),
            "city": city,
            "description": f"需求描述 {number}",
            "contact_email": f"c{number}@example.com",
            "preferred_contact": "email",
            **extra,
        }
        service_request, _created = factories.submit(
            f"staff-test-{number}", codes, state=state, **answers
        )
        return service_request

    return make


@pytest.fixture
def add_file():
    from service_requests.models import RequestFile
    from service_requests.storage import private_storage

    def add(service_request, name="报告.pdf", content=b"%PDF-1.4 test"):
        stored = private_storage.save(
            f"requests/test/{service_request.pk}-{name}", ContentFile(content)
        )
        return RequestFile.objects.create(
            request=service_request,
            file=stored,
            original_name=name,
            content_type="application/pdf",
            size=len(content),
        )

    return add


def _staff(django_user_model, username, groups=(), permissions=()):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw")
    access = _permission("wagtailadmin", "access_admin")
    user.user_permissions.add(access, *permissions)
    user.groups.add(*groups)
    return user


@pytest.fixture
def metrology_staff(django_user_model, inboxes):
    return _staff(django_user_model, "m-staff", [inboxes["metrology"].group])


@pytest.fixture
def testing_staff(django_user_model, inboxes):
    return _staff(django_user_model, "t-staff", [inboxes["testing"].group])


@pytest.fixture
def coordinator(django_user_model, inboxes):
    group, _created = Group.objects.get_or_create(name="coordinators")
    group.permissions.add(_permission("service_requests", "view_all_requests"))
    return _staff(django_user_model, "coord", [group])


@pytest.fixture
def editor(django_user_model, inboxes):
    """An editor of pages (and snippets) who is in no inbox."""
    editors, _created = Group.objects.get_or_create(name="Editors")
    return _staff(
        django_user_model,
        "editor",
        [editors],
        [_permission("wagtailcore", "add_page"), _permission("wagtailcore", "change_page")],
    )


@pytest.fixture
def roles(metrology_staff, testing_staff, coordinator, editor):
    return {
        "metrology": metrology_staff,
        "testing": testing_staff,
        "coordinator": coordinator,
        "editor": editor,
    }
