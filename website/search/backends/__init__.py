"""Search backends that understand Chinese (``website.search.backends.database``)."""
