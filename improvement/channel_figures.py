"""Figures per intake channel and per station (DESIGN.md §12 "Offline"): how many requests came
online, at a station, by phone or from an on-site visit, with their satisfaction; per station the
requests made or recorded there and the visitors' 扫码评价 ratings. A fixed number of grouped
queries, whatever the number of requests."""

from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from service_requests.choices import IntakeChannel
from service_requests.models import StationRating


def _mean(value):
    return round(float(value), 2) if value is not None else None


def channel_figures(rows, period):
    """``{"channels": [...], "stations": [...]}`` for the statistics ``rows`` of ``period``."""
    per_channel = {
        row["request__intake_channel"]: row
        for row in rows.values("request__intake_channel").annotate(
            requests=Count("pk"), answered=Count("score"), mean=Avg("score")
        )
    }
    channels = []
    for value, label in IntakeChannel.choices:
        row = per_channel.get(value, {})
        channels.append(
            {
                "value": value,
                "name": str(label),
                "requests": row.get("requests", 0),
                "answered": row.get("answered", 0),
                "satisfaction": _mean(row.get("mean")),
            }
        )
    stations = {}
    for row in (
        rows.exclude(request__station=None)
        .values("request__station", "request__station__title")
        .annotate(requests=Count("pk"))
    ):
        stations[row["request__station"]] = {
            "name": row["request__station__title"],
            "requests": row["requests"],
            "ratings": 0,
            "rating_mean": None,
        }
    start, end = period.bounds
    ratings = (
        StationRating.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("station", "station__title")
        .annotate(count=Count("pk"), mean=Avg("score"))
    )
    for row in ratings:
        figure = stations.setdefault(row["station"], {"name": row["station__title"], "requests": 0})
        figure.update(ratings=row["count"], rating_mean=_mean(row["mean"]))
    return {
        "channels": channels,
        "stations": sorted(stations.values(), key=lambda s: (-s["requests"], s["name"])),
    }


def channel_tables(report, table_class, number):
    """The report tables of ``report.channels`` (``Table`` and ``number`` from ``tables``)."""
    figures = report.channels or {"channels": [], "stations": []}
    return [
        table_class(
            "channels",
            _("Requests by intake channel"),
            [_("Intake channel"), _("Requests"), _("Scores"), _("Satisfaction average")],
            [
                (row["name"], row["requests"], row["answered"], number(row["satisfaction"], 2))
                for row in figures["channels"]
            ],
            True,
        ),
        table_class(
            "stations",
            _("Per station"),
            [_("Station"), _("Requests"), _("Station ratings"), _("Station rating average")],
            [
                (
                    row["name"],
                    row["requests"],
                    row.get("ratings", 0),
                    number(row.get("rating_mean"), 2),
                )
                for row in figures["stations"]
            ],
        ),
    ]
