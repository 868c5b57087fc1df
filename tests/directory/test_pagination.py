"""The services listing pages through 45 services, keeping the filters in its links."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_pagination_keeps_filters(client, home):
    from directory.factories import build_directory

    build_directory(services=45, stations=0, solutions=0)
    first = client.get("/services/?fee=charged&fee=free").content.decode()
    assert "45 " in re.search(r'role="status">([^<]+)<', first).group(1)
    assert 'href="?fee=charged&amp;fee=free&amp;page=2"' in first
    third = client.get("/services/?fee=charged&fee=free&page=3").content.decode()
    assert third.count('class="result"') == 5
    assert client.get("/services/?page=99").status_code == 200
