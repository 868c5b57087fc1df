"""Per intake channel and per station: volumes, satisfaction and the stations' 扫码评价 ratings,
on the reports page and in the CSV/XLSX exports, in a fixed number of queries."""

import csv
import io
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from directory.factories import build_directory
from service_requests.models import StationRating

from .conftest import at, make_request

URL = "/admin/reports/"
QUERY = {"period": "custom", "start": "2026-10-01", "end": "2026-10-31"}


def _offline(inboxes, count, start=100):
    station_a, station_b = build_directory(services=2, stations=2, solutions=0)["stations"]
    m = inboxes["elements"]["metrology"]
    metrology = inboxes["metrology"]
    make_request(start, metrology, m, submitted=at(date(2026, 10, 12)))
    for offset in range(count):
        make_request(
            start + 1 + offset,
            metrology,
            m,
            submitted=at(date(2026, 10, 13 + offset % 10)),
            intake_channel=["walk_in", "phone", "on_site"][offset % 3],
            station=station_a if offset % 2 == 0 else station_b,
            state="resolved",
            score=4 + offset % 2,
        )
    for score in (5, 4, 3):
        StationRating.objects.create(
            station=station_a, score=score, language="zh-hans", created_at=at(date(2026, 10, 20))
        )
    # Outside the period: not counted.
    StationRating.objects.create(
        station=station_b, score=1, language="zh-hans", created_at=at(date(2026, 11, 2))
    )
    return station_a, station_b


def test_reports_show_channels_and_stations(client, coordinator, inboxes):
    station_a, station_b = _offline(inboxes, 4)
    client.force_login(coordinator)
    response = client.get(URL, QUERY)
    figures = response.context["report"].channels
    channels = {row["value"]: row for row in figures["channels"]}
    assert channels["online"]["requests"] == 1
    assert channels["walk_in"]["requests"] == 2
    assert channels["phone"]["requests"] == 1
    assert channels["on_site"]["requests"] == 1
    assert channels["walk_in"]["satisfaction"] == 4.5
    stations = {row["name"]: row for row in figures["stations"]}
    assert stations[station_a.title] == {
        "name": station_a.title,
        "requests": 2,
        "ratings": 3,
        "rating_mean": 4.0,
    }
    assert stations[station_b.title]["ratings"] == 0
    html = response.content.decode()
    assert "按受理渠道统计的需求" in html and station_a.title in html

    rows = list(csv.reader(io.StringIO(client.get(URL + "export.csv", QUERY).content.decode())))
    flat = [cell for row in rows for cell in row]
    assert "按受理渠道统计的需求" in flat and station_a.title in flat
    workbook = load_workbook(io.BytesIO(client.get(URL + "export.xlsx", QUERY).content))
    values = [
        c for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row
    ]
    assert station_a.title in values


def test_channel_figures_take_a_fixed_number_of_queries(client, coordinator, inboxes):
    _offline(inboxes, 2, start=200)
    client.force_login(coordinator)
    client.get(URL, QUERY)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, QUERY)
    _offline(inboxes, 12, start=300)
    with CaptureQueriesContext(connection) as many:
        client.get(URL, QUERY)
    assert len(many) == len(few)
