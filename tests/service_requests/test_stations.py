"""Station posters (two QR codes decoded to the right URLs), the signed station prefill that
records the station on the request, and the 扫码评价 rating (rate limit, CSRF, query counts)."""

import io
import re

import pytest
import zxingcpp
from django.test import Client
from PIL import Image

from directory.factories import build_directory
from service_requests import stations
from service_requests.models import ServiceRequest, StationRating
from service_requests.public import prefill
from tests.service_requests.conftest import send_request


@pytest.fixture
def station(request_page):
    return build_directory(services=2, stations=1, solutions=0)["stations"][0]


def _svgs(html):
    return re.findall(r"<svg [^>]*role=\"img\"[^>]*>.*?</svg>", html, flags=re.S)


def decode_png(url):
    """The poster's QR code of ``url`` as a PNG in memory, decoded by zxing-cpp."""
    buffer = io.BytesIO()
    stations.qr_code(url).save(buffer, kind="png", scale=5)
    buffer.seek(0)
    return [result.text for result in zxingcpp.read_barcodes(Image.open(buffer))]


def test_the_poster_has_two_qr_codes_decoding_to_the_right_urls(
    client, station, django_assert_max_num_queries
):
    url = station.url + station.reverse_subpage("poster")
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    context = response.context
    html = response.content.decode()
    assert len(_svgs(html)) == 2
    assert "@page" in open("static/css/poster.css").read()
    submit_url, rate_url = context["submit_url"], context["rate_url"]
    # Both absolute, the rating one to this station's rate page.
    assert rate_url == f"http://testserver{station.url}rate/"
    assert submit_url.startswith("http://testserver/request/start/?station=")
    for expected in (submit_url, rate_url):
        assert decode_png(expected) == [expected]
    # The codes on the page encode exactly those URLs: the rendered SVGs decode to them.
    for svg, expected in zip(_svgs(html), [submit_url, rate_url], strict=True):
        assert decode_svg(svg) == expected
    # Both languages on the poster.
    assert "Submit a request here" in html and "Rate your visit" in html
    assert 'lang="zh-Hans"' in html


def decode_svg(svg):
    """Rasterise a segno inline SVG (one path of horizontal runs ``M x y h n m dx dy``) into a
    PNG in memory and decode it with zxing-cpp."""
    scale = float(re.search(r"scale\(([\d.]+)\)", svg).group(1))
    width = int(float(re.search(r'width="([\d.]+)"', svg).group(1)) / scale)
    d = re.search(r' d="([^"]+)"', svg).group(1)
    image = Image.new("L", (width, width), 255)
    pixels = image.load()
    x = y = 0.0
    for command, number, *rest in re.findall(r"([MmhHvV])(-?[\d.]+)(?:\s+(-?[\d.]+))?", d):
        value = float(number)
        if command == "M":
            x, y = value, float(rest[0])
        elif command == "m":
            x, y = x + value, y + float(rest[0])
        elif command == "h":
            row = int(y - 0.5)
            for column in range(int(x), int(x + value)):
                pixels[column, row] = 0
            x += value
    big = image.resize((width * 6, width * 6), Image.NEAREST)
    results = zxingcpp.read_barcodes(big)
    assert results, "the QR code did not decode"
    return results[0].text


def test_the_submit_code_records_the_station_on_the_request(client, station):
    start = prefill.start_url(None, station=stations.sign_station(station))
    client.get(start)
    send_request(client)
    sr = ServiceRequest.objects.get()
    assert sr.station == station
    assert sr.intake_channel == "online"


def test_a_forged_station_value_is_ignored(client, station):
    client.get(f"/request/start/?station={station.translation_key}")
    send_request(client)
    assert ServiceRequest.objects.get().station is None


def test_rating_a_visit(client, station, django_assert_max_num_queries):
    url = station.url + "rate/"
    with django_assert_max_num_queries(16):
        page = client.get(url)
    html = page.content.decode()
    assert 'type="radio"' in html and "csrfmiddlewaretoken" in html
    with django_assert_max_num_queries(16):
        response = client.post(url, {"score": "4", "comment": "  很方便  "})
    assert response.status_code == 302
    assert response["Location"] == station.url + "rate/thanks/"
    rating = StationRating.objects.get()
    assert (rating.station, rating.score, rating.comment) == (station, 4, "很方便")
    assert client.get(response["Location"]).status_code == 200


def test_a_rating_needs_a_score_and_csrf(station):
    client = Client(enforce_csrf_checks=True)
    assert client.post(station.url + "rate/", {"score": "5"}).status_code == 403
    plain = Client()
    response = plain.post(station.url + "rate/", {"score": "9"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not StationRating.objects.exists()


def test_ratings_are_rate_limited_per_visitor(client, station):
    url = station.url + "rate/"
    for _ in range(5):
        assert client.post(url, {"score": "5"}).status_code == 302
    assert client.post(url, {"score": "1"}).status_code == 429
    assert StationRating.objects.count() == 5
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(url, {"score": "3"}).status_code == 302
