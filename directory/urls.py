"""URLs of the directory app that carry no language prefix (machine-readable endpoints)."""

urlpatterns = []
