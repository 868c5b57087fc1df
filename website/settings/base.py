"""Settings shared by every environment.

All configuration comes from environment variables (see ``.env.example``) with defaults that run
the embedded case: SQLite, database search, local-memory cache, email written to files.
"""

from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy

from . import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.get_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env.get_str("SECRET_KEY", "insecure-embedded-default-key-change-me-in-production")
DEBUG = env.get_bool("DEBUG", False)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "website",
    "directory",
    "policies",
    "service_requests",
    "improvement",
    "operations",
    "diagnosis",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "formtools",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    # First: a cached anonymous page is answered before any other middleware works (and carries
    # the headers the middleware below added when it was rendered).
    "website.page_cache.AnonymousPageCacheMiddleware",
    # NUL bytes and out-of-range numbers are a 400, a database outage a 503 (website/errors.py).
    "website.middleware.BadInputMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Pages stored by the page cache keep the policy header it set when they were rendered.
    "website.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "website.middleware.StaffSessionIdleMiddleware",
    "website.two_factor.RequireTwoFactorMiddleware",
    # Last: answers a locked-out login (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.get_database("DATABASE_URL", VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "website.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------------------
# Simplified Chinese is the default and is served without a prefix; English lives under /en/.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
# The languages of content, as the admin names them in its own language (中文 / 英文 to Chinese
# staff); the site's language switcher keeps LANGUAGES, each language in its own name.
WAGTAIL_CONTENT_LANGUAGES = [
    ("zh-hans", gettext_lazy("Chinese")),
    ("en", gettext_lazy("English")),
]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# locale_wagtail: zh-hans for the Wagtail admin msgids that Wagtail's own catalogues lack.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.get_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# Request attachments live in their own folder that no URL serves; they are only ever read
# through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env.get_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several app hosts: media and private files on S3-compatible object storage, e.g.
# STORAGE_URL=s3://qi-files/prod?endpoint_url=https://s3.example.com&region=cn-north-1 with
# AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (settings/env.py; docs/operator-guide.md).
STORAGE_URL = env.get_str("STORAGE_URL").strip()
STORAGES.update(env.get_object_storages("STORAGE_URL"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The public forms take 5 files at a time; Django stops parsing a body with more than this many
# (400 with a clear message), so a POST of 32 files costs no content checks at all.
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Bodies larger than this are refused before they are read (413; website/middleware.py):
# 5 files of 10 MB and the form around them.
MAX_REQUEST_BODY_SIZE = env.get_int("MAX_REQUEST_BODY_SIZE", 60 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640

# Requests a minute one client may make to the HSDS API (/api/hsds/…) before a 429; 0: no limit.
HSDS_API_RATE_LIMIT = env.get_int("HSDS_API_RATE_LIMIT", 300)
# import_directory: a partner's taxonomy term ids or codes -> our element codes, for services
# without x_elements (docs/directory-data-format.md); --taxonomy-map adds to it from a JSON file.
HSDS_TAXONOMY_MAP = {}

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env.get_url("REDIS_URL", ("redis", "rediss", "unix"))
# Per process; rate limits and the search breaker count here while Redis is unreachable.
_LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "qi-local"}
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that logs and degrades while Redis is down (website/cache.py).
            "BACKEND": "website.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            # Several sites (or test runs) can share one Redis under different prefixes.
            "KEY_PREFIX": env.get_str("CACHE_KEY_PREFIX", "qi"),
        },
        "local": _LOCAL_CACHE,
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "qi-one-stop",
        },
        "local": _LOCAL_CACHE,
    }
# Sessions live in the database, never only in the cache: a cache outage or eviction must not
# log staff out or lose a half-filled request form.
SESSION_ENGINE = "django.contrib.sessions.backends.db"


# The content generation (website/page_cache.py): in Redis if there is one, else in this file,
# which every process of the host (server, worker, scheduler, commands) reads and a change replaces.
CONTENT_GENERATION_FILE = None if REDIS_URL else VAR_DIR / "content-generation"
# Whole pages for visitors without a session; see website/page_cache.py. On by default only with
# Redis: without it each process keeps its own copy of every page, in memory.
PAGE_CACHE_SECONDS = env.get_int("PAGE_CACHE_SECONDS", 300 if REDIS_URL else 0)
PAGE_CACHE_ALIAS = "default"
# Menus, footer, language links and page content per content generation (website.fragment_cache),
# on by default: with Redis shared, without it kept by each process under the file's generation.
FRAGMENT_CACHE_SECONDS = env.get_int("FRAGMENT_CACHE_SECONDS", 3600)
# Only these query parameters (listing filters, pagination) make a cacheable variant of a page;
# any other query string (a search, tracking links, fuzzing) is served uncached, so the number
# of stored pages stays bounded by the content. Redis itself: docs/operator-guide.md.
PAGE_CACHE_QUERY_PARAMETERS = frozenset(
    {"page", "type", "category", "sort"}  # pagination, news and search facets
    | {"channel", "city", "element", "fee", "provider_type", "scheme"}  # directory filters
    | {"level", "authority", "year", "status"}  # policy filters
)

# --- Email ----------------------------------------------------------------------------------
_email = env.get_email("EMAIL_URL")
if _email:
    globals().update(_email)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
# SMS (service_requests.sms): a file backend writing under var/sms/ unless a provider is set.
SMS_BACKEND = env.get_str("SMS_BACKEND", "service_requests.sms.FileBackend")
SMS_FILE_PATH = str(VAR_DIR / "sms")
SMS_TENCENT = {
    "endpoint": env.get_str("SMS_TENCENT_ENDPOINT", "https://sms.tencentcloudapi.com"),
    "secret_id": env.get_str("SMS_TENCENT_SECRET_ID", ""),
    "secret_key": env.get_str("SMS_TENCENT_SECRET_KEY", ""),
    "sdk_app_id": env.get_str("SMS_TENCENT_SDK_APP_ID", ""),
    "sign_name": env.get_str("SMS_TENCENT_SIGN_NAME", ""),
    "template_id": env.get_str("SMS_TENCENT_TEMPLATE_ID", ""),
    # Approved templates per message kind, and per kind and language: "survey=1234,survey.en=1235".
    "templates": dict(
        item.split("=", 1) for item in env.get_list("SMS_TENCENT_TEMPLATES") if "=" in item
    ),
    "region": env.get_str("SMS_TENCENT_REGION", "ap-guangzhou"),
}
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "QI One-Stop <noreply@qi-one-stop.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 15
# The domain of the Message-ID each delivery keeps for all its attempts (a re-send after a worker
# crash is recognisable as the same message): by default the domain of DEFAULT_FROM_EMAIL.
EMAIL_MESSAGE_ID_DOMAIN = (
    env.get_str("EMAIL_MESSAGE_ID_DOMAIN").strip()
    or DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ")
    or "qi-one-stop.example"
)
# A task RUNNING longer than this lost its worker (killed, host down): the recovery job fails it
# and queues its work again (operations/recovery.py). Sending one email is bounded by EMAIL_TIMEOUT.
TASK_RUNNING_TIMEOUT = env.get_int("TASK_RUNNING_TIMEOUT", 120)
# Resolved requests nobody closes are closed by the scheduler after this many days.
REQUESTS_AUTO_CLOSE_DAYS = env.get_int("REQUESTS_AUTO_CLOSE_DAYS", 14)

# --- Background tasks -----------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Request form -------------------------------------------------------------------------
# Reverse proxies in front of the app that append the client address to X-Forwarded-For; the
# per-address rate limits of the request form read the address from there (0: REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.get_int("TRUSTED_PROXY_COUNT", 0)

# --- Search ---------------------------------------------------------------------------------
ELASTICSEARCH_URL = env.get_url("ELASTICSEARCH_URL", ("http", "https"))
# The database backend (SQLite FTS5 or PostgreSQL) with Chinese word segmentation.
_DATABASE_SEARCH = {"BACKEND": "website.search.backends.database"}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "website.search.backends.elasticsearch",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": env.get_str("ELASTICSEARCH_INDEX_PREFIX", "qi_"),
            # Short, and no retries: a hanging cluster costs one search 2 s, then the breaker
            # (website/search/services.py) sends every search to the fallback for a minute.
            "TIMEOUT": env.get_int("ELASTICSEARCH_TIMEOUT", 2),
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
            # cjk (built in), smartcn or ik (cluster plugins): see docs/search.md.
            "ANALYZER": env.get_choice("ELASTICSEARCH_ANALYZER", ("cjk", "smartcn", "ik"), "cjk"),
        },
        # Kept up to date on every save too, so the site search can fall back to it while the
        # cluster is unreachable.
        "fallback": _DATABASE_SEARCH,
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": _DATABASE_SEARCH}
# Chinese word segmenter of the database backend: rjieba (default, ~10x faster) or jieba.
SEARCH_SEGMENTER = env.get_choice("SEARCH_SEGMENTER", ("rjieba", "jieba"), "rjieba")

# --- Wagtail --------------------------------------------------------------------------------
# Provider profiles not confirmed as current for this long are flagged and their editors reminded.
PROVIDER_VERIFICATION_MONTHS = env.get_int("PROVIDER_VERIFICATION_MONTHS", 12)

WAGTAIL_SITE_NAME = "质量基础设施一站式服务平台"
WAGTAILADMIN_BASE_URL = env.get_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "website.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "website.CustomDocument"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "zip"]
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_COMMENTS_ENABLED = True

LOGIN_URL = "wagtailadmin_login"

# --- Staff accounts -------------------------------------------------------------------------
# Login throttling (django-axes): 5 failed logins of one user name from one address lock that
# pair out for 15 minutes; coordinators see and lift lock-outs under Settings → Locked-out logins.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.get_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.get_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "service_requests.ratelimit.client_ip"
AXES_LOCKOUT_TEMPLATE = "website/login_locked.html"
AXES_VERBOSE = False
# A staff session ends after this long without a request (sessions of visitors keep Django's
# SESSION_COOKIE_AGE).
STAFF_SESSION_IDLE_SECONDS = env.get_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)
# Two-factor authentication (django-otp, TOTP; website/two_factor.py): a code is asked at login
# from everyone who set up an authenticator; required for every staff member only where this is
# on (production), so the embedded default and the demo users work without a phone.
WAGTAILADMIN_USER_LOGIN_FORM = "website.two_factor.OTPLoginForm"
STAFF_REQUIRE_TWO_FACTOR = env.get_bool("STAFF_REQUIRE_TWO_FACTOR", False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# No avatars from gravatar.com: blocked in mainland China and a leak of staff email hashes.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Content-Security-Policy (django-csp; website/middleware.py) ----------------------------
# Everything from this site only; no inline script or style on public pages. frame-ancestors
# 'self' for Wagtail's live preview (a same-origin iframe).
_CSP_COMMON = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**_CSP_COMMON, "script-src": ["'self'"], "style-src": ["'self'"]}
}
# The strictest Wagtail's admin tolerates (checked in the browser, tests/e2e/test_csp.py):
# - script-src 'self': no inline script, except on the pages that render one of Wagtail 8.0's
#   own inline scripts (InlinePanel, MultipleChooserPanel, date/time pickers); the middleware
#   adds 'unsafe-inline' to those pages only (website/middleware.py). Nonces cannot replace it:
#   Wagtail's widgets render without the request, and it re-runs inline scripts of inserted
#   forms by copying them, which drops a nonce.
# - style-src-elem 'self': no inline <style> element. style-src-attr 'unsafe-inline': Wagtail's
#   templates and its JavaScript set style attributes (widths, positions, progress bars).
# - img-src blob: for the previews of images being uploaded.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "jieba": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}


# ``load_demo`` (demo pages and the demo superuser ``admin``) is allowed everywhere but production.
DEMO_CONTENT_ALLOWED = env.get_bool("DEMO_CONTENT_ALLOWED", True)
