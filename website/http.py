"""Response helpers shared by the public pages of several apps."""

from functools import wraps

from django.utils.cache import add_never_cache_headers


def private(view):
    """Never cache, never index: the response carries a form or a visitor's own answers."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper
