"""lazy_context: a builder declares its context entries once (``@context_builder``); an entry it
returns without declaring it (or declares without returning) is an error, not silently dropped."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from directory.services import (
    element_landing,
    provider_listing,
    provider_profile,
    service_detail,
    service_listing,
    solution_detail,
    station_detail,
    station_listing,
)
from policies.filters import policy_listing
from policies.models import PolicyPage
from website.fragment_cache import context_builder, lazy_context
from website.models.news import news_listing


@context_builder("a", "b")
def two(value):
    return {"a": value, "b": value * 2}


@context_builder("a")
def extra(value):
    return {"a": value, "forgotten": value}


@context_builder("a", "b")
def lacking(value):
    return {"a": value}


def test_entries_are_the_declared_ones_and_computed_lazily():
    calls = []

    @context_builder("x", "y")
    def build():
        calls.append(1)
        return {"x": 1, "y": 2}

    context = lazy_context(build)
    assert set(context) == {"x", "y"}
    assert calls == []
    assert context["x"] + 0 == 1 and context["y"] + 0 == 2
    assert calls == [1]
    assert set(lazy_context(two, 3)) == {"a", "b"}


@pytest.mark.parametrize("build", [extra, lacking])
def test_an_undeclared_or_missing_entry_is_an_error(build):
    context = lazy_context(build, 1)
    with pytest.raises(ImproperlyConfigured, match="context_builder"):
        context["a"] + 0


def test_a_builder_must_declare_its_entries():
    with pytest.raises(ImproperlyConfigured):
        lazy_context(lambda: {"a": 1})


@pytest.mark.parametrize(
    "build",
    [
        element_landing,
        provider_listing,
        provider_profile,
        service_detail,
        service_listing,
        solution_detail,
        station_detail,
        station_listing,
        policy_listing,
        PolicyPage._detail_context,
        news_listing,
    ],
)
def test_the_views_builders_declare_their_entries(build):
    assert build.context_keys
    assert len(set(build.context_keys)) == len(build.context_keys)
