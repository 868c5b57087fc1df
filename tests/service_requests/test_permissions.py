"""Who sees which requests: staff their inboxes', coordinators all, everybody else none."""

import pytest
from django.contrib.auth.models import Permission

from service_requests import factories
from service_requests.models import Inbox
from service_requests.permissions import is_coordinator, is_request_staff, visible_requests


@pytest.fixture
def two_inboxes(db):
    return (
        Inbox.objects.create(name="计量", code="perm-metrology"),
        Inbox.objects.create(name="检验检测", code="perm-testing"),
    )


def _request(number, lead, involved=()):
    return factories.create_request(
        number,
        reference=f"QI-20260101-{number:04d}",
        lead_inbox=lead,
        inboxes=[lead, *involved],
    )


def test_staff_see_lead_and_involved_requests_only(two_inboxes, django_user_model):
    metrology, testing = two_inboxes
    led = _request(1, metrology)
    involved = _request(2, testing, [metrology])
    other = _request(3, testing)
    member = django_user_model.objects.create_user("m", password="x")
    member.groups.add(metrology.group)

    assert set(visible_requests(member)) == {led, involved}
    assert other not in visible_requests(member)
    assert is_request_staff(member) and not is_coordinator(member)


def test_coordinators_see_all_and_outsiders_none(two_inboxes, django_user_model):
    metrology, testing = two_inboxes
    requests = {_request(1, metrology), _request(2, testing)}
    coordinator = django_user_model.objects.create_user("c", password="x")
    coordinator.user_permissions.add(Permission.objects.get(codename="view_all_requests"))
    editor = django_user_model.objects.create_user("e", password="x")
    inactive = django_user_model.objects.create_user("i", password="x", is_active=False)
    inactive.groups.add(metrology.group)

    assert set(visible_requests(coordinator)) == requests
    assert is_coordinator(coordinator)
    assert not visible_requests(editor).exists() and not is_request_staff(editor)
    assert not visible_requests(inactive).exists() and not is_request_staff(inactive)
