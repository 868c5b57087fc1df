"""Site search: Chinese word segmentation for the database backends, the Elasticsearch settings,
the registry of searchable page types and the search service behind ``/search/``.

See ``docs/search.md``.
"""
