"""Staff accounts: login throttling with lock-outs coordinators see and lift, idle expiry."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db


def _login(client, password):
    return client.post("/admin/login/", {"username": "staff", "password": password})


def test_repeated_failed_logins_lock_the_account_out_on_that_address(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        assert _login(client, "wrong").status_code in (200, 429)
    locked = _login(client, "pw")  # even the right password
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode() or "登录失败次数过多" in (
        locked.content.decode()
    )
    assert "_auth_user_id" not in client.session
    other = client.post(
        "/admin/login/", {"username": "staff", "password": "pw"}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 302  # another address is not locked out


def test_coordinators_see_and_lift_lock_outs(client, staff_user, admin_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        _login(client, "wrong")
    attempt = AccessAttempt.objects.get(username="staff")
    coordinator = type(staff_user).objects.create_user("coord", "c@example.com", "pw")
    coordinator.is_staff = True
    coordinator.save()
    coordinator.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_all_requests"),
    )
    client.force_login(staff_user)
    assert client.get("/admin/locked_out_logins/").status_code in (302, 403)
    client.force_login(coordinator)
    listing = client.get("/admin/locked_out_logins/")
    assert listing.status_code == 200 and "staff" in listing.content.decode()
    client.post(f"/admin/locked_out_logins/delete/{attempt.pk}/")
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert _login(client, "pw").status_code == 302


def test_staff_sessions_expire_after_inactivity(client, staff_user, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 600
    client.force_login(staff_user)
    client.get("/admin/")
    assert client.session.get_expiry_age() == 600
    client.logout()
    client.get("/")
    assert client.session.get("_session_expiry") is None  # visitors keep the default
