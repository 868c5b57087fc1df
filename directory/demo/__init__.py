"""Demo content of the directory, loaded by ``manage.py load_demo``.

The providers, services, stations and solutions are a bundled HSDS file (``directory.json``, fictional
institutions written for the demo) imported through the same code as ``import_directory``, so the
demo always exercises the real import path. A demo provider editor shows subtree permissions.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from directory import freshness
from directory.hsds.importer import find_page, import_directory
from directory.models import ProviderPage, ProviderVerification
from directory.services import grant_provider_editor
from directory.standard_elements import ensure_elements
from website.demo import DEMO_PASSWORD, set_admin_language
from website.importing import read_json

DEMO_FILE = Path(__file__).with_name("directory.json")
DEMO_EDITOR = "provider-editor"
DEMO_EDITOR_PROVIDER = "org-shunde-appliance"
DEMO_EDITOR_GROUP = "机构编辑：佛山顺德家电检测研究院"


def ensure_provider_editor():
    """A user who may edit only one provider's profile and services (a Wagtail page permission on
    that provider's subtree, in both languages)."""
    provider = find_page(ProviderPage, DEMO_EDITOR_PROVIDER)
    if provider is None:
        return None
    group, _created = Group.objects.get_or_create(name=DEMO_EDITOR_GROUP)
    grant_provider_editor(group, provider)
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_EDITOR,
        defaults={"email": "provider-editor@qi-one-stop.example", "first_name": "机构编辑"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(group)
    set_admin_language(user, "zh-hans")
    return user


def ensure_verifications():
    """Every demo profile confirmed a month ago, except the demo editor's: confirmed more than
    the verification period ago, so the freshness report flags it and its editor is reminded."""
    now = timezone.now()
    stale = now - datetime.timedelta(days=31 * (freshness.verification_months() + 1))
    editors = find_page(ProviderPage, DEMO_EDITOR_PROVIDER)
    for provider in ProviderPage.objects.filter(locale__language_code="zh-hans"):
        if ProviderVerification.objects.filter(translation_key=provider.translation_key).exists():
            continue
        mine = editors is not None and provider.translation_key == editors.translation_key
        when = stale if mine else now - datetime.timedelta(30)
        ProviderVerification.objects.create(
            translation_key=provider.translation_key, verified_at=when
        )


def load(command):
    elements = ensure_elements()
    report = import_directory(read_json(DEMO_FILE))
    editor = ensure_provider_editor()
    ensure_verifications()
    command.stdout.write(f"  directory: {len(elements)} elements; {report.summary()}")
    if editor is not None:
        command.stdout.write(
            f"  directory: user {editor.username} (password {DEMO_PASSWORD}) edits one provider only"
        )
