"""How tests keep to themselves: media and private files in folders of their own, and one
transaction around a module whose tests share data that is expensive to build.

``module_transaction`` is what ``setUpTestData`` is to a Django test class: the shared data is
created once inside an outer transaction, each test (``db``) runs in a savepoint inside it, and
the outer transaction is rolled back when the module is done, so the next module on the same
pytest-xdist worker finds the database as it was.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import connections, transaction


def media_settings(root):
    """Settings that send media and private files under ``root``."""
    return {
        "MEDIA_ROOT": str(root / "media"),
        "PRIVATE_MEDIA_ROOT": str(root / "private"),
        "STORAGES": {
            **settings.STORAGES,
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(root / "private"), "base_url": None},
            },
        },
    }


@contextmanager
def module_transaction(django_db_blocker):
    """Open a transaction on every database for the duration of the block and roll it back at
    the end. Only setting up and tearing down touch the database here; the tests inside still
    need ``db`` (or ``django_db``), which nests a savepoint per test."""
    atomics = {alias: transaction.atomic(using=alias) for alias in connections}
    with django_db_blocker.unblock():
        for atomic in atomics.values():
            atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            for alias, atomic in reversed(atomics.items()):
                transaction.set_rollback(True, using=alias)
                atomic.__exit__(None, None, None)
