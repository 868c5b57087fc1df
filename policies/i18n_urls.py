"""URLs of the policies app served under the language prefix (zh-hans at /, English at /en/)."""

urlpatterns = []
