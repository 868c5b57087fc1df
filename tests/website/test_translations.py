"""Every interface string has a zh-hans translation.

The catalogue is extracted afresh from the source (as ``make makemessages`` would) into a copy,
so a new ``gettext`` string without a translation fails here even if nobody ran makemessages.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CATALOGUE = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = [
    "website",
    "directory",
    "policies",
    "service_requests",
    "improvement",
    "operations",
    "diagnosis",
    "templates",
]


def _untranslated(po):
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        translated = all(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)
        if not translated or "fuzzy" in entry.flags:
            missing.append(entry.msgid)
    return missing


def test_committed_catalogue_is_complete():
    missing = _untranslated(polib.pofile(str(CATALOGUE)))
    assert not missing, f"untranslated or fuzzy zh-hans entries: {missing}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_every_string_in_the_source_is_in_the_catalogue(tmp_path):
    copy = tmp_path / "project"
    copy.mkdir()
    for name in SOURCE_DIRS:
        shutil.copytree(BASE_DIR / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(BASE_DIR / "manage.py", copy / "manage.py")
    shutil.copytree(BASE_DIR / "locale", copy / "locale")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v0"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        env={"DJANGO_SETTINGS_MODULE": "website.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    extracted = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    missing = _untranslated(extracted)
    assert not missing, (
        "strings without a zh-hans translation (run `make makemessages` and translate them): "
        f"{missing}"
    )
