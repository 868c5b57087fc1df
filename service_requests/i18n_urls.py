"""URLs of the service_requests app served under the language prefix (zh-hans at /, en at /en/)."""

urlpatterns = []
