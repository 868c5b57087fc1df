"""Compile the gettext catalogues of every ``LOCALE_PATHS`` entry (``locale/`` and
``locale_wagtail/``) to ``.mo`` files.

Uses GNU ``msgfmt`` through Django's ``compilemessages`` where it is installed, and polib
otherwise, so ``make run`` works on a machine that has nothing but Python.
"""

import shutil
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every LOCALE_PATHS catalogue to .mo (msgfmt when available, else polib)."

    def handle(self, *args, **options):
        if shutil.which("msgfmt"):
            call_command(
                "compilemessages",
                verbosity=0,
                ignore_patterns=[".venv", "node_modules", "var"],
            )
            return
        for locale_path in settings.LOCALE_PATHS:
            for po_path in Path(locale_path).glob("*/LC_MESSAGES/*.po"):
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
                self.stdout.write(f"compiled {po_path}")
