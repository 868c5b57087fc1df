"""Admin registration of service requests: only registration lives here."""

from service_requests.reports import wagtail_hooks as reports_hooks  # noqa: F401
