"""Guards on the modelsearch hook points the segmenting backend relies on: if an upgrade renames
or reshapes one of them, these fail with a message saying which."""

import inspect

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from wagtail.search.models import IndexEntry

from website.search.backends.database import global_names, rebind

pytestmark = pytest.mark.django_db

needs_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite backend module needs a SQLite database"
)
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs with DATABASE_URL=postgres://…"
)


def params(function):
    return list(inspect.signature(function).parameters)


@needs_sqlite
def test_sqlite_hook_points():
    from modelsearch.backends.database.sqlite import sqlite

    assert "ObjectIndexer" in global_names(sqlite.SQLiteIndex.add_items.__code__)
    assert params(sqlite.ObjectIndexer.prepare_value) == ["self", "value"]
    compiler = sqlite.SQLiteSearchQueryCompiler
    assert params(compiler.build_search_query_content) == ["self", "query", "config"]
    assert params(compiler._build_rank_expression) == ["self", "vectors", "config"]
    assert params(compiler.search) == ["self", "config", "start", "stop", "score_field"]
    assert issubclass(sqlite.SQLiteAutocompleteQueryCompiler, compiler)
    assert sqlite.SQLiteAutocompleteQueryCompiler.LAST_TERM_IS_PREFIX is True


def test_postgres_hook_points():
    from modelsearch.backends.database.postgres import postgres

    assert "ObjectIndexer" in global_names(postgres.PostgresIndex.add_items.__code__)
    assert params(postgres.ObjectIndexer.as_vector) == ["self", "texts", "for_autocomplete"]
    compiler = postgres.PostgresSearchQueryCompiler
    assert params(compiler.build_tsquery_content) == ["self", "query", "config", "invert"]
    assert params(compiler.search) == [
        "self",
        "config",
        "start",
        "stop",
        "score_field",
        "backend",
    ]
    assert postgres.PostgresAutocompleteQueryCompiler.LAST_TERM_IS_PREFIX is True


def test_rebind_refuses_a_name_the_function_does_not_use():
    def add_items(self, objs):
        return [len(obj) for obj in objs]

    with pytest.raises(ImproperlyConfigured, match="no longer uses ObjectIndexer"):
        rebind(add_items, ObjectIndexer=object)


def _entry(page):
    return IndexEntry.objects.get(object_id=str(page.pk), content_type=page.content_type)


@needs_sqlite
def test_sqlite_index_stores_segmented_text(make_page):
    page = make_page("计量校准服务", intro="国市监质〔2020〕177号")
    entry = _entry(page)
    assert entry.title == "计量 校准 计量校准 服务"
    assert "177 号" in entry.body


@needs_postgres
def test_postgres_vectors_are_segmented_and_raw_text_is_kept(make_page):
    page = make_page("计量校准服务", intro="国市监质〔2020〕177号")
    entry = _entry(page)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT title::text, body::text FROM {IndexEntry._meta.db_table} WHERE id = %s",
            [entry.pk],
        )
        title_vector, body_vector = cursor.fetchone()
    assert "'计量'" in title_vector and "'校准'" in title_vector
    assert "'177'" in body_vector and "'号'" in body_vector
    assert entry.title_text == "计量校准服务"
