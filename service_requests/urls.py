"""URLs of the service_requests app that carry no language prefix (machine-readable endpoints)."""

urlpatterns = []
