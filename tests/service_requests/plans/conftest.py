"""Fixtures of the plan tests: the staff roles of the staff-side tests and a small directory
with one solution of three steps."""

import pytest

from tests.service_requests.staff.conftest import (  # noqa: F401 - fixtures
    _staff,
    coordinator,
    editor,
    inboxes,
    make_request,
    metrology_staff,
    roles,
    testing_staff,
)


@pytest.fixture
def directory(request_page):
    from directory.factories import build_directory

    return build_directory(services=4, per_provider=2, stations=0, solutions=1)


@pytest.fixture
def solution(directory):
    return directory["solutions"][0]


@pytest.fixture
def from_solution(make_request, solution):  # noqa: F811 - the imported fixture
    """``from_solution(codes)``: a request submitted from the solution's page."""

    def make(codes=("metrology",), state="submitted"):
        return make_request(codes, state, solution_key=str(solution.translation_key))

    return make
