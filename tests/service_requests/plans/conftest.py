"""Fixtures of the plan tests: the staff roles of the staff-side tests and the solution of the
small directory (``tests/service_requests/conftest.py``)."""

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
def solution(directory):
    return directory["solutions"][0]


@pytest.fixture
def from_solution(make_request, solution):  # noqa: F811 - the imported fixture
    """``from_solution(codes)``: a request submitted from the solution's page."""

    def make(codes=("metrology",), state="submitted"):
        return make_request(codes, state, solution_key=str(solution.translation_key))

    return make
