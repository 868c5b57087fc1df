"""URLs of the directory app that carry no language prefix: the read-only HSDS API.

The paths are those of the official HSDS 3.0 OpenAPI document under ``/api/hsds`` (``/services``,
``/services/{id}`` …); the older spellings with a trailing slash answer the same, without a
redirect. Anything else under ``/api/hsds/`` is a JSON 404.
"""

from django.urls import path, re_path

from directory.api import views

app_name = "hsds"

ENDPOINTS = [
    ("organizations", views.organizations, views.organization_detail, "organization"),
    ("services", views.services, views.service_detail, "service"),
    (
        "service_at_locations",
        views.service_at_locations,
        views.service_at_location_detail,
        "service_at_location",
    ),
    ("taxonomies", views.taxonomies, views.taxonomy_detail, "taxonomy"),
    ("taxonomy_terms", views.taxonomy_terms, views.taxonomy_term_detail, "taxonomy_term"),
    ("locations", views.locations, views.location_detail, "location"),
]

urlpatterns = [
    path("api/hsds/", views.api_root, name="root"),
    path("api/hsds/openapi.json", views.openapi, name="openapi"),
]
for plural, listing, detail, singular in ENDPOINTS:
    urlpatterns += [
        re_path(rf"^api/hsds/{plural}/?$", listing, name=plural),
        re_path(rf"^api/hsds/{plural}/(?P<record_id>[^/]+)/?$", detail, name=singular),
    ]
urlpatterns.append(re_path(r"^api/hsds/(?P<rest>.*)$", views.not_found, name="not_found"))
