"""Root URLconf: admin and machine-readable endpoints without a language prefix, pages with one.

zh-hans is served at ``/`` and English at ``/en/`` (``prefix_default_language=False``).
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from website import routing, views
from website.api import api_router
from website.sitemaps import Sitemap

handler400 = "website.errors.bad_request"
handler500 = "website.errors.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": Sitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("directory.urls")),
    path("", include("policies.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    path("search/suggest/", views.search_suggestions, name="search_suggestions"),
    path("", include("directory.i18n_urls")),
    path("", include("policies.i18n_urls")),
    path("", include("improvement.i18n_urls")),
    # Wagtail's own URLs, with its page view replaced by one that remembers routes
    # (website/routing.py; the same pattern and name, so page URLs reverse as before).
    *wagtail_urls.urlpatterns[:-1],
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    prefix_default_language=False,
)
