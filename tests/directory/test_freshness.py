"""Directory freshness: confirming a profile (its editors and platform staff only), stale
profiles flagged in the admin, reminders of stale profiles and expiring credentials sent once per
item and period, expiring credentials on the coordinator's dashboard, the date on the profile."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale

from directory import freshness
from directory.models import FreshnessReminder, ProviderCredential, ProviderVerification
from directory.services import grant_provider_editor


@pytest.fixture
def editor(django_user_model, providers):
    group = Group.objects.create(name="机构编辑")
    grant_provider_editor(group, providers[0])
    user = django_user_model.objects.create_user("p-editor", "p-editor@example.com", "pw")
    user.groups.add(group)
    return user


def _credential(provider, days, number="L1234"):
    return ProviderCredential.objects.create(
        page=provider,
        locale=Locale.get_default(),
        scheme="CNAS",
        number=number,
        valid_until=timezone.localdate() + datetime.timedelta(days=days),
    )


def test_editor_confirms_own_profile_only(client, editor, providers):
    client.force_login(editor)
    mine, other = providers
    refused = client.post(f"/admin/directory/freshness/{other.pk}/verify/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's denial
    page = client.get(f"/admin/directory/freshness/{mine.pk}/verify/")
    assert page.status_code == 200
    response = client.post(f"/admin/directory/freshness/{mine.pk}/verify/")
    assert response.status_code == 302
    verification = ProviderVerification.objects.get(translation_key=mine.translation_key)
    assert verification.verified_by == editor
    assert not ProviderVerification.objects.filter(translation_key=other.translation_key).exists()
    # The page editor shows the button; the confirmation is in the page's history.
    edit = client.get(f"/admin/pages/{mine.pk}/edit/").content.decode()
    assert f"/admin/directory/freshness/{mine.pk}/verify/" in edit
    history = client.get(f"/admin/pages/{mine.pk}/history/").content.decode()
    assert "Profile confirmed as current" in history or "已确认机构信息为最新" in history


def test_stale_profiles_flagged_in_the_admin(
    client, admin_user, providers, settings, django_assert_max_num_queries
):
    settings.PROVIDER_VERIFICATION_MONTHS = 6
    fresh, stale = providers
    freshness.verify(fresh, admin_user, now=timezone.now() - datetime.timedelta(days=30))
    freshness.verify(stale, admin_user, now=timezone.now() - datetime.timedelta(days=200))
    _credential(fresh, 20)
    client.force_login(admin_user)
    with django_assert_max_num_queries(25):
        response = client.get("/admin/directory/freshness/")
    rows = {row["provider"].pk: row for row in response.context["rows"]}
    assert rows[stale.pk]["stale"] and not rows[fresh.pk]["stale"]
    assert [c.number for c in rows[fresh.pk]["expiring"]] == ["L1234"]
    only = client.get("/admin/directory/freshness/?stale=1").context["rows"]
    assert [row["provider"].pk for row in only] == [stale.pk]
    assert list(freshness.stale_providers()) == [stale]


def test_reminders_once_per_item_and_period(editor, providers, mailoutbox, django_user_model):
    mine, other = providers
    _credential(mine, 30, "L0001")
    _credential(mine, 90, "L0002")  # not within 60 days
    _credential(other, 10, "L0003")  # no editor of its own: nobody to remind
    sent = freshness.send_reminders()
    assert sent == {"stale_profile": 1, "expiring_credential": 1}
    subjects = sorted(m.subject for m in mailoutbox)
    assert len(subjects) == 2
    assert "L0001" in subjects[0] or "L0001" in subjects[1]
    assert any(mine.title in subject for subject in subjects)
    assert {m.to[0] for m in mailoutbox} == {"p-editor@example.com"}
    assert any(f"/admin/directory/freshness/{mine.pk}/verify/" in m.body for m in mailoutbox)
    # Run again (the same day, or on a second host): nothing more.
    assert freshness.send_reminders() == {"stale_profile": 0, "expiring_credential": 0}
    assert len(mailoutbox) == 2
    # Next month the profile, still stale, is reminded again; the credential is not.
    later = timezone.now() + datetime.timedelta(days=32)
    # L0002 now ends within 60 days too.
    assert freshness.send_reminders(now=later) == {"stale_profile": 1, "expiring_credential": 1}
    assert FreshnessReminder.objects.count() == 4
    # Once confirmed, the profile is no longer reminded.
    freshness.verify(mine, editor, now=later)
    assert freshness.send_reminders(now=later + datetime.timedelta(days=40))["stale_profile"] == 0


def test_failed_sending_is_tried_again(editor, providers, settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.service_requests.mail_backends.DownEmailBackend"
    assert freshness.send_reminders()["stale_profile"] == 0
    assert not FreshnessReminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert freshness.send_reminders()["stale_profile"] == 1


def test_expiring_credentials_on_the_coordinators_dashboard(client, admin_user, editor, providers):
    _credential(providers[0], 15, "L0099")
    client.force_login(admin_user)
    assert "L0099" in client.get("/admin/").content.decode()
    client.force_login(editor)
    assert "L0099" not in client.get("/admin/").content.decode()


def test_public_profile_shows_the_verification_date(client, admin_user, providers):
    provider, unverified = providers
    freshness.verify(provider, admin_user, now=timezone.make_aware(datetime.datetime(2026, 3, 5)))
    assert "信息核实于 2026年3月5日" in client.get(provider.url).content.decode()
    assert "信息核实于" not in client.get(unverified.url).content.decode()
