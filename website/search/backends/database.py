"""The database search backend with Chinese word segmentation, for SQLite and PostgreSQL.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "website.search.backends.database"}}``

Like ``wagtail.search.backends.database`` this module picks the implementation for the default
database's vendor, importing it lazily: the SQLite module cannot be imported while the database
is PostgreSQL. Both implementations subclass modelsearch's own backend and change two things:

- the index side: the ``ObjectIndexer`` that ``Index.add_items`` instantiates is replaced by a
  subclass that segments text before it is stored (SQLite: ``prepare_value``; PostgreSQL:
  ``as_vector``, so the raw ``title_text``/``body_text`` columns used by fuzzy search stay as
  written);
- the query side: plain-text and phrase queries are segmented the same way before they become an
  FTS5 ``MATCH`` expression (``build_search_query_content``) or a ``tsquery``
  (``build_tsquery_content``).

The segmenter is the process-wide one of ``website.search.segmenter`` (the ``SEARCH_SEGMENTER``
setting: ``rjieba`` or ``jieba``). PostgreSQL's ``SEARCH_CONFIG`` option defaults to ``simple``
here (the words are already split; the server default ``english`` would stem and drop English
stop words on one side only of a mixed-language site). Run ``manage.py update_index`` after
changing the segmenter or the user dictionary.
"""

import logging
import types

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from website.search.segmenter import get_segmenter

logger = logging.getLogger(__name__)


# Fields boosted at least this much (a policy's document number: 10) are indexed with the title:
# the SQLite backend ignores boosts, and both backends rank title matches first.
TITLE_LIKE_BOOST = 5


def counts_as_title(field):
    """Whether a top-level search field is filed under the object's title."""
    from modelsearch.index import SearchField

    return isinstance(field, SearchField) and (
        field.field_name == "title" or (field.boost or 0) >= TITLE_LIKE_BOOST
    )


class EmptyQuery(Exception):
    """The query has no word left once punctuation and symbols are dropped."""


def strong_words(compiler, words):
    """While the title bonus is built, lone characters (matched as prefixes) are left out when
    other words remain: "177号文" gives the bonus to titles holding 177, as 文 is only a hint."""
    if getattr(compiler, "_strong_words_only", False):
        return [word for word in words if not word.prefix] or words
    return words


def title_query(compiler, query, config):
    """The query the title bonus matches titles against, or ``None`` if it has no words."""
    compiler._strong_words_only = True
    try:
        if hasattr(compiler, "build_tsquery"):
            return compiler.build_tsquery(query, config=config)
        return compiler.build_search_query(query, config=config)
    except EmptyQuery:
        return None
    finally:
        compiler._strong_words_only = False


def global_names(code):
    """Names a code object and the code nested in it (comprehensions) look up."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= global_names(const)
    return names


def rebind(function, **names):
    """Return a copy of ``function`` whose module-level ``names`` resolve to other objects.

    modelsearch's ``add_items`` instantiates the module-level ``ObjectIndexer`` and offers no
    setting for it; this swaps the name for our subclass without copying upstream code. It fails
    at import time, loudly, if upstream stops using one of the names.
    """
    used = global_names(function.__code__)
    missing = [name for name in names if name not in used]
    if missing:
        raise ImproperlyConfigured(
            f"{function.__module__}.{function.__qualname__} no longer uses {', '.join(missing)}; "
            "website.search.backends must be updated for this modelsearch version."
        )
    namespace = {**function.__globals__, **names}
    clone = types.FunctionType(
        function.__code__, namespace, function.__name__, function.__defaults__, function.__closure__
    )
    clone.__kwdefaults__ = function.__kwdefaults__
    clone.__qualname__ = function.__qualname__
    clone.__doc__ = function.__doc__
    return clone


class SegmentingMixin:
    """Gives indexers and query compilers the process-wide segmenter."""

    @property
    def segmenter(self):
        return get_segmenter()


_fts_usable = None


def _sqlite_fts_usable():
    """Whether SQLite has FTS5 and the FTS table exists; checked once per process, as upstream."""
    global _fts_usable
    if _fts_usable is None:
        from modelsearch.backends.database.sqlite.utils import fts5_available, fts_table_exists

        _fts_usable = fts5_available() and fts_table_exists()
    return _fts_usable


def SearchBackend(params):  # noqa: N802 - modelsearch looks this name up in backend modules
    """Return the segmenting backend for the default database's vendor."""
    if connection.vendor == "postgresql":
        from .postgres import SegmentingPostgresSearchBackend

        return SegmentingPostgresSearchBackend(params)
    if connection.vendor == "sqlite" and _sqlite_fts_usable():
        from .sqlite import SegmentingSQLiteSearchBackend

        return SegmentingSQLiteSearchBackend(params)
    from modelsearch.backends.database import SearchBackend as UpstreamSearchBackend

    logger.warning(
        "Chinese segmentation is not available on the %s database; using Wagtail's database "
        "search backend unchanged.",
        connection.vendor,
    )
    return UpstreamSearchBackend(params)
