"""PostgreSQL implementation of the segmenting database backend (see ``database.py``)."""

from django.contrib.postgres.search import SearchQuery, SearchQueryField
from django.db.models import Case, FloatField, When
from django.db.models.expressions import Value
from django.utils.functional import cached_property
from modelsearch.backends.database.postgres import postgres as upstream
from modelsearch.backends.database.postgres.query import LexemeCombinable
from modelsearch.index import SearchField
from modelsearch.query import Phrase, PlainText

from .database import (
    EmptyQuery,
    SegmentingMixin,
    counts_as_title,
    rebind,
    strong_words,
    title_query,
)

DEFAULT_SEARCH_CONFIG = "simple"
TITLE_BONUS = 1.0


class SegmentingPostgresObjectIndexer(SegmentingMixin, upstream.ObjectIndexer):
    """Segments the text that becomes a ``tsvector``; ``title_text``/``body_text`` (fuzzy search)
    keep the text as written. Only the object's own ``title`` and title-like fields are its
    title (upstream also files related objects' titles there; see the SQLite indexer)."""

    def as_vector(self, texts, for_autocomplete=False):
        texts = [(self.segmenter.index_text(text), weight) for text, weight in texts]
        return super().as_vector(texts, for_autocomplete=for_autocomplete)

    def _texts(self, own_title):
        texts = []
        for field in self.search_fields:
            is_title = counts_as_title(field)
            for current_field, boost, value in self.prepare_field(self.obj, field):
                if isinstance(current_field, SearchField) and is_title == own_title:
                    texts.append((value, boost))
        return self.as_vector(texts)

    @cached_property
    def title(self):
        return self._texts(own_title=True)

    @cached_property
    def body(self):
        return self._texts(own_title=False)


class SegmentingPostgresIndex(upstream.PostgresIndex):
    add_items = rebind(
        upstream.PostgresIndex.add_items, ObjectIndexer=SegmentingPostgresObjectIndexer
    )


def ts_string(term, prefix=False):
    escaped = term.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'" + (":*" if prefix else "")


def ts_word(word, prefix=False):
    """``'word'`` or ``('word' | ('part' & 'part'))``."""
    whole = ts_string(word.word, prefix or word.prefix)
    if not word.parts:
        return whole
    last = len(word.parts) - 1
    parts = " & ".join(
        ts_string(part, prefix and index == last) for index, part in enumerate(word.parts)
    )
    return f"({whole} | ({parts}))"


class RawTSQuery(LexemeCombinable, Value):
    """A ready ``to_tsquery`` string, passed as a parameter."""

    _output_field = SearchQueryField()

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


class SegmentingQueryMixin(SegmentingMixin):
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            words = strong_words(self, self.segmenter.query_words(query.query_string))
            if not words:
                raise EmptyQuery(query.query_string)
            connector = " & " if query.operator.lower() == "and" else " | "
            last = len(words) - 1
            tsquery = connector.join(
                ts_word(word, prefix=self.LAST_TERM_IS_PREFIX and index == last)
                for index, word in enumerate(words)
            )
            tsquery = f"!({tsquery})" if invert else f"({tsquery})"
            return SearchQuery(RawTSQuery(tsquery), search_type="raw", config=config)
        if isinstance(query, Phrase):
            tokens = self.segmenter.phrase_tokens(query.query_string)
            if not tokens:
                raise EmptyQuery(query.query_string)
            return SearchQuery(" ".join(tokens), search_type="phrase", config=config, invert=invert)
        return super().build_tsquery_content(query, config=config, invert=invert)

    def _build_rank_expression(self, vectors, config):
        rank = super()._build_rank_expression(vectors, config)
        if self.fields is not None or self.TARGET_SEARCH_FIELD_TYPE is not SearchField:
            return rank
        # Pages whose title holds every word searched for rank before pages that only mention
        # them (ts_rank stays well below 1).
        bonus_query = title_query(self, self.query, config)
        if bonus_query is None:
            return rank
        title_match = When(index_entries__title=bonus_query, then=Value(TITLE_BONUS))
        return rank + Case(title_match, default=Value(0.0), output_field=FloatField())

    def search(self, config, start, stop, score_field=None, backend=None):
        try:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        except EmptyQuery:
            return self.queryset.none()


class SegmentingPostgresSearchQueryCompiler(
    SegmentingQueryMixin, upstream.PostgresSearchQueryCompiler
):
    pass


class SegmentingPostgresAutocompleteQueryCompiler(
    SegmentingQueryMixin, upstream.PostgresAutocompleteQueryCompiler
):
    pass


class SegmentingPostgresSearchBackend(SegmentingMixin, upstream.PostgresSearchBackend):
    query_compiler_class = SegmentingPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = SegmentingPostgresAutocompleteQueryCompiler
    index_class = SegmentingPostgresIndex

    def __init__(self, params):
        super().__init__(params)
        self.config = params.get("SEARCH_CONFIG") or DEFAULT_SEARCH_CONFIG


SearchBackend = SegmentingPostgresSearchBackend
