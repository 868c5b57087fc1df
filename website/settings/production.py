"""Production settings: refuse to start on an insecure configuration.

The embedded defaults in ``base`` are convenient for a laptop; here every one of them that would be
unsafe on the internet must be overridden from the environment, or start-up fails saying which.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import get_bool, get_int, get_list, get_str

DEBUG = False

SECRET_KEY = get_str("SECRET_KEY")
if not SECRET_KEY or SECRET_KEY.startswith("insecure") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
if len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must not be a repeated character.")

ALLOWED_HOSTS = get_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the site's host names (comma separated) in production."
    )
CSRF_TRUSTED_ORIGINS = get_list("CSRF_TRUSTED_ORIGINS", [f"https://{h}" for h in ALLOWED_HOSTS])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = get_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = get_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = get_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's live preview shows the page in a same-origin iframe, so DENY would break editing.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

DEMO_CONTENT_ALLOWED = False
# Every staff member sets up an authenticator app at first login (website/two_factor.py).
STAFF_REQUIRE_TWO_FACTOR = get_bool("STAFF_REQUIRE_TWO_FACTOR", True)
