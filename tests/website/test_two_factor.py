"""Two-factor authentication for staff: a code at login once an authenticator is set up, and
where required (production), no admin page before the session is verified."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _login(client, **extra):
    return client.post("/admin/login/", {"username": "staff", "password": "pw", **extra})


@pytest.fixture
def with_authenticator(staff_user):
    return TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)


def test_a_staff_member_with_an_authenticator_needs_its_code(client, with_authenticator):
    refused = _login(client)
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert 'autocomplete="one-time-code"' in refused.content.decode()
    assert _login(client, otp_token="000000" if code(with_authenticator) != "000000" else "1")
    assert "_auth_user_id" not in client.session
    with_authenticator.refresh_from_db()
    with_authenticator.throttle_reset()  # django-otp slows down guessing after a wrong code
    assert _login(client, otp_token=code(with_authenticator)).status_code == 302
    assert client.session.get("otp_device_id")


def test_without_the_requirement_demo_users_log_in_with_a_password(client, staff_user):
    assert _login(client).status_code == 302
    assert client.get("/admin/").status_code in (200, 302)
    assert client.get("/admin/").get("Location", "") != "/admin/two-factor/"


def test_where_required_staff_set_up_an_authenticator_first(client, staff_user, settings):
    settings.STAFF_REQUIRE_TWO_FACTOR = True
    staff_user.is_superuser = True
    staff_user.save()
    assert _login(client).status_code == 302
    assert client.get("/admin/")["Location"] == "/admin/two-factor/"
    assert client.get("/admin/requests/")["Location"] == "/admin/two-factor/"
    setup = client.get("/admin/two-factor/")
    assert setup.status_code == 200 and "otpauth://totp/" in setup.content.decode()
    device = TOTPDevice.objects.get(user=staff_user)
    assert not device.confirmed
    wrong = client.post("/admin/two-factor/", {"otp_token": "12345"})
    assert wrong.status_code == 200 and "otp_device_id" not in client.session
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a wrong code
    assert client.post("/admin/two-factor/", {"otp_token": code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    client.logout()
    _login(client, otp_token=code(device))  # the same code again is refused (no replay)
    assert "_auth_user_id" not in client.session
