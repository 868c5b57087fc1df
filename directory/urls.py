"""URLs of the directory app that carry no language prefix: the read-only HSDS API."""

from django.urls import path

from directory import views

app_name = "hsds"

urlpatterns = [
    path("api/hsds/", views.api_root, name="root"),
    path("api/hsds/organizations/", views.organizations, name="organizations"),
    path("api/hsds/organizations/<str:record_id>/", views.organization_detail, name="organization"),
    path("api/hsds/services/", views.services, name="services"),
    path("api/hsds/services/<str:record_id>/", views.service_detail, name="service"),
    path("api/hsds/locations/", views.locations, name="locations"),
    path("api/hsds/locations/<str:record_id>/", views.location_detail, name="location"),
]
