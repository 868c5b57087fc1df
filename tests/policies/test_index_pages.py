"""The policy listing's pages: pagination keeping the filters, and query bounds at two sizes."""

import datetime

import pytest

from policies.choices import Level, PolicyStatus, PolicyType

from .conftest import listed_titles

pytestmark = pytest.mark.django_db


def test_pagination_keeps_the_filters(client, make_policy):
    from policies.filters import PAGE_SIZE

    for number in range(PAGE_SIZE + 3):
        make_policy(
            title=f"文件{number:02d}",
            level=Level.NATIONAL if number % 2 else Level.PROVINCIAL,
            issue_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
        )
    first = client.get("/policies/")
    assert len(listed_titles(first)) == PAGE_SIZE
    html = first.content.decode()
    assert 'href="?page=2" rel="next"' in html
    second = client.get("/policies/", {"page": 2})
    assert listed_titles(second) == ["文件02", "文件01", "文件00"]
    filtered = client.get("/policies/", {"level": "national"}).content.decode()
    assert "?level=national&amp;page=2" not in filtered  # 11 national: one page
    filtered = client.get("/policies/", {"level": "provincial"})
    assert len(listed_titles(filtered)) == 12


def _seed(make_policy, elements, count):
    from policies.factories import create_authority

    authorities = [create_authority(level=level) for level in Level.values]
    codes = list(elements)
    for number in range(count):
        make_policy(
            authority=authorities[number % 3],
            level=Level.values[number % 3],
            policy_type=PolicyType.values[number % 6],
            status=PolicyStatus.values[number % 3],
            elements=[elements[codes[number % 7]], elements[codes[(number + 3) % 7]]],
            issue_date=datetime.date(2015 + number % 8, 1 + number % 12, 1),
        )


BOUNDED_QUERIES = [
    {},
    {"element": "metrology"},
    {"level": "national", "type": "law", "year": "2015", "status": "in_force"},
    {"element": "testing", "doc": "〔2021〕", "page": "2"},
    {"authority": "1", "level": "municipal", "element": "ip", "year": "2020"},
]


@pytest.mark.parametrize("count", [3, 30])
def test_listing_queries_are_bounded(
    client, make_policy, elements, django_assert_max_num_queries, count
):
    _seed(make_policy, elements, count)
    for query in BOUNDED_QUERIES:
        client.get("/policies/", query)
        with django_assert_max_num_queries(26):
            assert client.get("/policies/", query).status_code == 200
        with django_assert_max_num_queries(26):
            assert client.get("/en/policies/", query).status_code == 200
