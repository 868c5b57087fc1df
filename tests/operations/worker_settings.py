"""Settings of the task worker started as a subprocess by the worker-crash test."""

from website.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "tests.operations.hanging_mail.WriteThenHangBackend"
