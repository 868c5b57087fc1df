"""The offline map's label placement: no label covers another label or a marker, for the demo's
stations and for a cluster of points a few pixels apart; the station map still renders."""

import itertools
import json
from types import SimpleNamespace

import pytest

from directory.demo import DEMO_FILE
from directory.map_labels import Box, marker_box, place_labels, text_width
from directory.services.queries import CITY_RADIUS, MARKER_RADIUS, station_map
from website.choices import City


def _demo_stations():
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return [
        SimpleNamespace(
            title=location["name"],
            has_coordinates=True,
            latitude=location["latitude"],
            longitude=location["longitude"],
            city=None,
        )
        for location in data["locations"]
    ]


def _assert_apart(labels, markers):
    boxes = [label.box for label in labels if label.box is not None]
    for first, second in itertools.combinations(boxes, 2):
        assert not first.intersects(second), (first, second)
    for box, marker in itertools.product(boxes, markers):
        assert not box.intersects(marker), (box, marker)


def test_width_estimate_counts_cjk_as_one_em():
    assert text_width("广州", 15) == 30
    assert text_width("Foshan (2)", 10) == pytest.approx(60)


def test_demo_station_map_labels_never_overlap():
    stations = _demo_stations()
    counts = {
        City.GUANGZHOU.value: 5,
        City.FOSHAN.value: 2,
        City.DONGGUAN.value: 2,
        City.ZHONGSHAN.value: 1,
    }
    data = station_map(stations, counts)
    assert len(data["markers"]) == len(stations) > 20
    labels = [city.place for city in data["cities"]]
    markers = [marker_box(m.x, m.y, MARKER_RADIUS) for m in data["markers"]]
    markers += [marker_box(city.x, city.y, CITY_RADIUS) for city in data["cities"]]
    _assert_apart(labels, markers)
    # Every city keeps a label on the map: its name, or a number explained in the legend.
    assert all(label.box is not None for label in labels)
    assert all(0 <= label.box.x0 and label.box.x1 <= data["width"] for label in labels)
    assert {label.text for label in data["legend"]} <= {city.text for city in data["cities"]}
    # The delta's cities were drawn on top of each other with the old fixed offset.
    by_code = {city.code: city.place for city in data["cities"]}
    assert not by_code["guangzhou"].box.intersects(by_code["foshan"].box)


def test_cluster_of_ten_points_within_a_few_pixels():
    points = [(400 + (i % 4) * 2, 300 + (i // 4) * 2, 3, f"站点{i} Station") for i in range(10)]
    labels = place_labels(points, bounds=(800, 700))
    _assert_apart(labels, [marker_box(x, y, r) for x, y, r, _text in points])
    assert all(label.box is not None for label in labels)
    assert any(label.leader for label in labels)  # further out, tied back to the point
    assert place_labels(points, bounds=(800, 700)) == labels  # deterministic


def test_crowded_point_falls_back_to_a_number():
    walls = [Box(0, 0, 800, 290), Box(0, 330, 800, 700), Box(0, 0, 380, 700), Box(440, 0, 800, 700)]
    points = [(410, 310, 3, "很长很长的城市名称"), (420, 312, 3, "另一个很长的名称")]
    labels = place_labels(points, obstacles=walls, bounds=(800, 700))
    assert [label.number for label in labels] == [1, 2]
    _assert_apart(labels, walls)


@pytest.mark.django_db
def test_station_index_map_renders_placed_labels(client, imported, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        html = client.get("/stations/").content.decode()
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "<title" in svg and "<desc" in svg and 'class="map-marker"' in svg
    assert svg.count("<text") >= 21 and 'dx="6"' not in svg
    # City names follow the active language; the count of Foshan's one station goes with either.
    assert ">Foshan (1)</text>" in svg or ">佛山 (1)</text>" in svg
