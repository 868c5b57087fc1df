"""URLs of the directory app served under the language prefix (zh-hans at /, English at /en/)."""

urlpatterns = []
