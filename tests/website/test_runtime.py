"""An application process freezes what it loaded before serving (``website.runtime``), so the
collector's full collections no longer walk Django's, Wagtail's and our modules."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PROBE = """
import gc
import website.wsgi
from django.urls import get_resolver
print(gc.get_freeze_count(), "website.views" in __import__("sys").modules)
"""


def test_the_wsgi_process_freezes_its_loaded_heap(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.dev", "VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    frozen, urlconf_loaded = result.stdout.split()
    # Django, Wagtail and the apps come to several hundred thousand objects.
    assert int(frozen) > 100_000
    assert urlconf_loaded == "True"
