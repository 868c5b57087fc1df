"""Fixtures of the engagement tests: the staff-side fixtures (requests through the real services,
one user per role) plus provider staff of each of the two test providers."""

import pytest

from service_requests.models import ProviderMembership
from tests.service_requests.staff.conftest import (  # noqa: F401
    add_file,
    coordinator,
    editor,
    inboxes,
    make_request,
    metrology_staff,
    roles,
    testing_staff,
)


@pytest.fixture
def provider_staff(django_user_model, providers):
    """``provider_staff[0]`` works for ``providers[0]``, ``provider_staff[1]`` for the other."""
    users = []
    for number, provider in enumerate(providers):
        user = django_user_model.objects.create_user(
            f"provider-{number}", f"provider-{number}@example.com", "pw"
        )
        ProviderMembership.objects.create(user=user, provider=provider)
        users.append(user)
    return users
