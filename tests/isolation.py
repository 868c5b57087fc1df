"""How tests keep to themselves: media and private files in folders of their own, and one
transaction around a module whose tests share data that is expensive to build.

``module_transaction`` is what ``setUpTestData`` is to a Django test class: the shared data is
created once inside an outer transaction, each test (``db``) runs in a savepoint inside it, and
the outer transaction is rolled back when the module is done, so the next module on the same
pytest-xdist worker finds the database as it was. ``built_once`` runs a builder that way and
``fresh_copies`` gives each test its own instances of what it built (a test may change the
instances it was given; the database is put back by its savepoint, the objects would not be).
Only for modules without transactional tests: those empty the tables the outer transaction holds.
"""

import dataclasses
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.db.models import Model


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


# The module-wide fixtures whose data is in the database now (see ``check_asks_for``).
_built = set()


@contextmanager
def built_once(request, build):
    """``build()`` run once inside ``module_transaction`` for the module-scoped fixture of
    ``request``; yields what it returned."""
    blocker = request.getfixturevalue("django_db_blocker")
    with module_transaction(blocker):
        with blocker.unblock():
            made = build()
        _built.add(request.fixturename)
        try:
            yield made
        finally:
            _built.discard(request.fixturename)


def check_asks_for(item):
    """Fail a test that would run beside module-wide data it did not ask for: what it counts or
    lists would depend on which tests of its module ran before it."""
    uses_database = item.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        item.fixturenames
    )
    missing = sorted(name for name in _built if name not in item.fixturenames)
    if missing and uses_database:
        pytest.fail(
            f"{item.nodeid} runs while {', '.join(missing)} of its module is in the database: "
            "ask for it, or move the test to a module without it.",
            pytrace=False,
        )


def fresh_copies(value):
    """``value`` with every model instance in it (in dicts, lists and dataclasses such as
    ``PagePair``) read again from the database."""
    if isinstance(value, Model):
        return type(value)._default_manager.get(pk=value.pk)
    if isinstance(value, dict):
        return {key: fresh_copies(item) for key, item in value.items()}
    if isinstance(value, list):
        models = {type(item) for item in value}
        if len(models) == 1 and issubclass(model := models.pop(), Model):  # one query
            found = model._default_manager.in_bulk([item.pk for item in value])
            return [found[item.pk] for item in value]
        return [fresh_copies(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **{name: fresh_copies(v) for name, v in fields.items()})
    return value
