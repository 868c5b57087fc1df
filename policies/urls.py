"""URLs of the policies app that carry no language prefix (machine-readable endpoints)."""

urlpatterns = []
