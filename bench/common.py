"""Django start-up shared by the benchmark scripts.

Each script adds its database options with ``add_database_args`` and starts Django with
``setup_django``; ``CLIENT_SETTINGS`` are the usual overrides of a bench that requests pages
through the test client.
"""

import copy
import os
import tempfile
from pathlib import Path

# Any host name for the test client; page saves while seeding do not update the search index.
CLIENT_SETTINGS = {
    "ALLOWED_HOSTS": ["*"],
    "WAGTAILSEARCH_BACKENDS": {
        "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
    },
}

VAR_DIR_HELP = "Folder for the benchmark database (default: temporary)."
REUSE_HELP = "Reuse a database seeded earlier."
DATABASE_URL_HELP = "e.g. postgres://postgres@127.0.0.1/qi_bench"


def add_database_args(parser, *, var_dir=True, database_url=False, reuse=False):
    """Add ``--var-dir``, ``--database-url`` and ``--reuse`` to an argparse parser, in that order.

    Each keyword is True for the option with its usual help text, a string for the option with
    that help text, or False to leave the option out.
    """
    options = [
        ("--var-dir", var_dir, VAR_DIR_HELP, {}),
        ("--database-url", database_url, DATABASE_URL_HELP, {}),
        ("--reuse", reuse, REUSE_HELP, {"action": "store_true"}),
    ]
    for flag, wanted, usual_help, extra in options:
        if wanted:
            parser.add_argument(flag, help=usual_help if wanted is True else wanted, **extra)


def setup_django(var_dir=None, database_url=None, env=None, **setting_overrides):
    """Start Django with the dev settings on a benchmark database; return the VAR_DIR used.

    ``var_dir`` becomes VAR_DIR (created if missing; a new temporary folder when None), where
    the SQLite database lives unless ``database_url`` is given (DATABASE_URL is removed from the
    environment when it is empty). DJANGO_SETTINGS_MODULE is website.settings.dev and DEBUG is
    false unless ``env`` says otherwise; ``env`` sets more environment variables (None removes
    one). ``setting_overrides`` are assigned to ``django.conf.settings`` after ``django.setup()``.
    """
    var_dir = Path(var_dir) if var_dir else Path(tempfile.mkdtemp(prefix="qi-bench-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    variables = {
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url or None,
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "DEBUG": "false",
        **(env or {}),
    }
    for name, value in variables.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    import django
    from django.conf import settings

    django.setup()
    for name, value in setting_overrides.items():
        setattr(settings, name, copy.deepcopy(value))
    return var_dir
