"""Read configuration from the environment, in one place.

Every parser raises ``ImproperlyConfigured`` naming the variable that is wrong, so a typo in a
deployment fails at start-up with a sentence an operator can act on.
"""

import os
import posixpath
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

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
    if config["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: it pays off for long analytical queries only. The staff side's
        # bounded counts have estimated costs far above what they read (the planner does not
        # know they stop at 1,001 rows), and compiling them cost more than running them
        # (docs/staff-guide.md "Performance"). ``?options=…`` in the URL overrides it.
        config.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
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


S3_BACKEND = "storages.backends.s3.S3Storage"
S3_QUERY_OPTIONS = {"endpoint_url", "region", "addressing_style", "public_url", "private_bucket"}


def get_object_storages(name):
    """``STORAGES`` entries ``default`` (public media) and ``private`` (request files) on
    S3-compatible object storage, parsed from ``s3://BUCKET[/PREFIX]?option=…``; ``{}`` when unset.

    Media go under ``PREFIX/media/``, private files under ``PREFIX/private/`` of the same bucket,
    or of ``private_bucket``. No object is written with an ACL, so both stay as private as the
    bucket; media links are signed (valid a day) unless ``public_url`` names where the operator
    made ``media/`` readable (a bucket policy or a CDN). Private files are only ever streamed
    through the permission-checked views; their signed links (never handed out) last a minute.
    Credentials come from ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` (or an instance role),
    never from the URL, so the URL can be logged."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {}
    parsed = urlsplit(raw)
    if parsed.scheme != "s3" or not parsed.hostname:
        raise ImproperlyConfigured(f"{name} must look like s3://bucket/prefix?…, not {raw!r}.")
    if parsed.username or parsed.password:
        raise ImproperlyConfigured(
            f"{name} must not carry credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
        )
    query = dict(parse_qsl(parsed.query))
    unknown = sorted(set(query) - S3_QUERY_OPTIONS)
    if unknown:
        raise ImproperlyConfigured(
            f"{name} has unknown options {', '.join(unknown)}; known: "
            f"{', '.join(sorted(S3_QUERY_OPTIONS))}."
        )
    prefix = parsed.path.strip("/")
    common = {
        "endpoint_url": query.get("endpoint_url") or None,
        "region_name": query.get("region") or None,
        "signature_version": "s3v4",
        "addressing_style": query.get("addressing_style") or None,
        "default_acl": None,
        "file_overwrite": False,
    }
    media = {
        **common,
        "bucket_name": parsed.hostname,
        "location": posixpath.join(prefix, "media"),
        "querystring_expire": 24 * 3600,
    }
    public_url = query.get("public_url", "").rstrip("/")
    if public_url:
        public = urlsplit(public_url)
        if public.scheme not in ("http", "https") or not public.netloc:
            raise ImproperlyConfigured(f"{name}: public_url must be an http(s) address.")
        media.update(
            querystring_auth=False,
            custom_domain=public.netloc + public.path,
            url_protocol=f"{public.scheme}:",
        )
    private = {
        **common,
        "bucket_name": query.get("private_bucket") or parsed.hostname,
        "location": posixpath.join(prefix, "private"),
        "querystring_auth": True,
        "querystring_expire": 60,
    }
    return {
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": media},
        "private": {"BACKEND": S3_BACKEND, "OPTIONS": private},
    }
