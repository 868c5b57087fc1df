"""SQLite FTS5 implementation of the segmenting database backend (see ``database.py``)."""

from django.db.models import Expression, FloatField, TextField, Value
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from modelsearch.backends.database.sqlite import sqlite as upstream
from modelsearch.backends.database.sqlite.query import (
    BM25,
    LexemeCombinable,
    MatchExpression,
    SearchQueryExpression,
    SearchQueryField,
    SQLiteFTSIndexEntry,
    normalize,
)
from modelsearch.index import SearchField
from modelsearch.query import MatchAll, Not, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from .database import (
    EmptyQuery,
    SegmentingMixin,
    counts_as_title,
    rebind,
    strong_words,
    title_query,
)

# Column weights for bm25(), in the order the FTS5 table declares its columns
# (autocomplete, body, title): a word in the title counts four times a word in the body.
BM25_WEIGHTS = {"autocomplete": 0.0, "body": 1.0, "title": 4.0}
# Pages whose title holds every word searched for rank before pages that only mention them.
TITLE_BONUS = 100.0
FTS_COLUMNS = ("autocomplete", "body", "title")


class SegmentingSQLiteObjectIndexer(SegmentingMixin, upstream.ObjectIndexer):
    """Stores text as space-separated words, which FTS5's ``unicode61`` tokenizer then splits.

    Only the object's own ``title`` (and fields boosted like a title: a policy's document number)
    is its title: upstream also files the ``title`` of related objects (a service's provider)
    under title, so every service of a provider would rank as if it were named after it.
    """

    def prepare_value(self, value):
        if isinstance(value, str):
            return self.segmenter.index_text(value)
        return super().prepare_value(value)

    def _texts(self, own_title):
        texts = []
        for field in self.search_fields:
            is_title = counts_as_title(field)
            for current_field, value in self.prepare_field(self.obj, field):
                if isinstance(current_field, SearchField) and is_title == own_title:
                    texts.append(value)
        return " ".join(texts)

    @cached_property
    def title(self):
        return self._texts(own_title=True)

    @cached_property
    def body(self):
        return self._texts(own_title=False)


class SegmentingSQLiteIndex(upstream.SQLiteIndex):
    add_items = rebind(upstream.SQLiteIndex.add_items, ObjectIndexer=SegmentingSQLiteObjectIndexer)


def fts_string(term, prefix=False):
    """One FTS5 string (a phrase of the tokens in ``term``); ``"`` is doubled, as FTS5 wants."""
    return '"' + term.replace('"', '""') + '"' + ("*" if prefix else "")


def fts_word(word, prefix=False):
    """``"word"`` or ``("word" OR ("part" AND "part"))``."""
    whole = fts_string(word.word, prefix or word.prefix)
    if not word.parts:
        return whole
    last = len(word.parts) - 1
    parts = " AND ".join(
        fts_string(part, prefix and index == last) for index, part in enumerate(word.parts)
    )
    return f"({whole} OR ({parts}))"


class RawMatch(LexemeCombinable):
    """A ready FTS5 query string, passed to ``MATCH`` as a parameter (never spliced into SQL)."""

    _output_field = SearchQueryField()

    def __init__(self, value):
        super().__init__(output_field=SearchQueryField())
        self.value = value

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


class WeightedBM25(BM25):
    def as_sql(self, compiler, connection, function=None, template=None):
        weights = ", ".join(str(BM25_WEIGHTS[column]) for column in FTS_COLUMNS)
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


class TitleMatchBonus(Expression):
    """``TITLE_BONUS`` off the score of entries whose title alone matches the query, so pages
    named after what was searched come first (bm25 is negative: lower ranks higher). The title
    matches are found by one uncorrelated subquery on the FTS table."""

    output_field = FloatField()

    def __init__(self, search_query):
        super().__init__(output_field=FloatField())
        self.search_query = search_query

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.search_query)
        match = "{title} : (" + (sql % tuple(params)) + ")"
        table = SQLiteFTSIndexEntry._meta.db_table
        return (
            f'(CASE WHEN "{table}"."rowid" IN (SELECT rowid FROM {table} WHERE {table} MATCH %s) '
            f"THEN %s ELSE 0 END)",
            [match, -TITLE_BONUS],
        )


class SegmentingQueryMixin(SegmentingMixin):
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            words = strong_words(self, self.segmenter.query_words(query.query_string))
            if not words:
                raise EmptyQuery(query.query_string)
            connector = " AND " if query.operator.upper() == "AND" else " OR "
            last = len(words) - 1
            match = connector.join(
                fts_word(word, prefix=self.LAST_TERM_IS_PREFIX and index == last)
                for index, word in enumerate(words)
            )
            return SearchQueryExpression(RawMatch(f"({match})"), config=config)
        if isinstance(query, Phrase):
            tokens = self.segmenter.phrase_tokens(query.query_string)
            if not tokens:
                raise EmptyQuery(query.query_string)
            return SearchQueryExpression(RawMatch(fts_string(" ".join(tokens))), config=config)
        return super().build_search_query_content(query, config=config)

    def _build_rank_expression(self, vectors, config):
        # One bm25() over the whole MATCH with per-column weights. Upstream multiplies bm25() by a
        # title-length factor, which ranks short titles first wherever the words are.
        return WeightedBM25()

    def _title_bonus(self, search_query):
        if search_query is None:
            return Value(0.0, output_field=FloatField())
        return TitleMatchBonus(search_query)

    def search(self, config, start, stop, score_field=None):
        """The matching objects, unranked: what counting and facets need. Ranked results come
        from :meth:`ranked_search`."""
        relevance, self.order_by_relevance = self.order_by_relevance, False
        try:
            return super().search(config, start, stop, score_field=score_field)
        except EmptyQuery:
            return self.queryset.none()
        finally:
            self.order_by_relevance = relevance

    def ranked_search(self, config, start, stop, score_field=None):
        """One page of results ordered by relevance, in one query plus the fetch by primary key.

        Upstream orders by a correlated subquery that re-runs the full-text MATCH for every
        candidate row: 34 s for a common word at 10,000 pages. Here the FTS table is queried once,
        restricted to the ids the queryset allows (an uncorrelated ``IN``), and SQLite sorts by
        bm25 and cuts the page itself.
        """
        query = normalize(self.query)
        if isinstance(query, (MatchAll, Not)):
            return list(self.search(config, start, stop, score_field=score_field))
        try:
            search_query = self.build_search_query(query, config=config)
        except EmptyQuery:
            return []
        allowed = (
            self.queryset.order_by()
            .annotate(_search_object_id=Cast("pk", output_field=TextField()))
            .values("_search_object_id")
        )
        ranked = (
            SQLiteFTSIndexEntry.objects.filter(
                MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
            )
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(
                    self.queryset.model
                ),
                index_entry__object_id__in=allowed,
            )
            .annotate(
                score=self._build_rank_expression(None, config)
                + self._title_bonus(title_query(self, query, config))
            )
            .order_by("score", "-index_entry_id")
            .values_list("index_entry__object_id", "score")
        )
        window = list(ranked[start:stop])
        objects = {
            str(obj.pk): obj
            for obj in self.queryset.order_by().filter(pk__in=[pk for pk, _ in window])
        }
        results = []
        for object_id, score in window:
            obj = objects.get(object_id)
            if obj is not None:
                if score_field:
                    setattr(obj, score_field, score)
                results.append(obj)
        return results


class SegmentingSQLiteSearchResults(upstream.SQLiteSearchResults):
    def _do_search(self):
        compiler = self.query_compiler
        if not compiler.order_by_relevance:
            return super()._do_search()
        return compiler.ranked_search(
            compiler.get_config(self.backend), self.start, self.stop, score_field=self._score_field
        )


class SegmentingSQLiteSearchQueryCompiler(SegmentingQueryMixin, upstream.SQLiteSearchQueryCompiler):
    pass


class SegmentingSQLiteAutocompleteQueryCompiler(
    SegmentingQueryMixin, upstream.SQLiteAutocompleteQueryCompiler
):
    def _build_rank_expression(self, vectors, config):
        return BM25()

    def _title_bonus(self, search_query):
        return Value(0.0, output_field=FloatField())  # the autocomplete column is all titles


class SegmentingSQLiteSearchBackend(SegmentingMixin, upstream.SQLiteSearchBackend):
    results_class = SegmentingSQLiteSearchResults
    query_compiler_class = SegmentingSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SegmentingSQLiteAutocompleteQueryCompiler
    index_class = SegmentingSQLiteIndex


SearchBackend = SegmentingSQLiteSearchBackend
