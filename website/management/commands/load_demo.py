"""Build the demo site: the page tree in zh-hans with English translations, demo users and data.

Each app contributes a ``demo`` module with a ``load(command)`` function; they run in
``INSTALLED_APPS`` order. Idempotent: what exists is left as it is.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PROJECT_APPS = (
    "website",
    "directory",
    "policies",
    "service_requests",
    "improvement",
    "diagnosis",
)


class Command(BaseCommand):
    help = "Load the demo content (idempotent). Refused when demo content is not allowed."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError("Demo content and the demo superuser are refused by these settings.")
        for app_config in apps.get_app_configs():
            if app_config.name not in PROJECT_APPS:
                continue
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is None:
                continue
            import_module(module_name).load(self)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
