"""Read configuration from the environment, in one place.

Every parser raises ``ImproperlyConfigured`` naming the variable that is wrong, so a typo in a
deployment fails at start-up with a sentence an operator can act on.
"""

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def get_str(name, default=""):
    return os.environ.get(name, default)


def get_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no/on/off, not {raw!r}.")


def get_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def get_choice(name, choices, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}.")
    return raw


def get_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def get_database(name, default_sqlite_path: Path):
    raw = os.environ.get(name, "").strip()
    if not raw:
        default_sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"{name} is not a database URL Django understands: {exc}"
        ) from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(
            f"{name} names an unknown database scheme: {raw.split(':')[0]!r}."
        )
    return config


def get_email(name):
    """Return Django email settings parsed from an ``smtp://`` style URL, or ``{}`` when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {}
    try:
        parsed = dj_email_url.parse(raw)
    except Exception as exc:  # dj-email-url raises several kinds for malformed URLs
        raise ImproperlyConfigured(
            f"{name} is not an email URL (smtp://user:pass@host:port): {exc}"
        ) from None
    if not parsed.get("EMAIL_BACKEND"):
        raise ImproperlyConfigured(f"{name} names an unknown email scheme.")
    return {key: value for key, value in parsed.items() if value is not None}


def get_url(name, schemes):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
    if scheme not in schemes:
        allowed = ", ".join(f"{s}://" for s in schemes)
        raise ImproperlyConfigured(f"{name} must start with one of {allowed}, not {raw!r}.")
    return raw
