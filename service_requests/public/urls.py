"""URLs of the service_requests app served under the language prefix (zh-hans at /, en at /en/)."""

from django.urls import path

from service_requests.reports.public_views import impact_follow_up

urlpatterns = [
    path("follow-up/<str:reference>/<str:token>/", impact_follow_up, name="impact_follow_up"),
]
