"""A report as titled tables: the page shows them beside their charts, the exports write them.

One list of tables feeds the page, the CSV and the XLSX file, so the three always agree.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from improvement.channel_figures import channel_tables


@dataclass
class Table:
    key: str
    title: str
    headers: list
    rows: list
    chart: bool = False  # first column a label, second a count: drawn as bars

    @property
    def bars(self):
        return [(row[0], row[1]) for row in self.rows]


def percent(value):
    return "" if value is None else f"{value * 100:.1f}%"


def number(value, digits=1):
    return "" if value is None else f"{value:.{digits}f}"


def report_tables(report):
    totals = report.totals
    first, resolution = report.first_response, report.resolution
    summary = [
        (_("Requests received"), totals["received"]),
        (pgettext("report figure", "Accepted"), totals["accepted"]),
        (pgettext("report figure", "Resolved"), totals["resolved"]),
        (pgettext("report figure", "Declined"), totals["declined"]),
        (_("Enterprises served (distinct USCC)"), totals["enterprises"]),
        (_("Resolution rate"), percent(report.resolution_rate)),
        (_("First response SLA hit rate"), percent(report.first_response_sla)),
        (_("Resolution SLA hit rate"), percent(report.resolution_sla)),
        (_("First response time, median (working days)"), number(first.median)),
        (_("First response time, p90 (working days)"), number(first.p90, 0)),
        (_("Resolution time, median (working days)"), number(resolution.median)),
        (_("Resolution time, p90 (working days)"), number(resolution.p90, 0)),
        (_("Satisfaction surveys sent"), totals["surveys_sent"]),
        (_("Satisfaction surveys answered"), totals["surveys_answered"]),
        (_("Survey response rate"), percent(report.survey_response_rate)),
        (_("Satisfaction average (1–5)"), number(totals["satisfaction"], 2)),
    ]
    callbacks = report.callbacks
    summary += [
        (_("Bad-rating callbacks opened"), callbacks["opened"]),
        (_("Callbacks closed on time"), callbacks["closed_on_time"]),
        (_("Callbacks closed late"), callbacks["closed_late"]),
        (_("Callbacks overdue"), callbacks["overdue"]),
    ]
    requests_header = [_("Requests")]
    return [
        Table("summary", pgettext("report table", "Summary"), [_("Figure"), _("Value")], summary),
        Table(
            "month", _("Requests by month"), [_("Month"), *requests_header], report.by_month, True
        ),
        Table(
            "element",
            _("Requests by element"),
            [_("Element"), *requests_header],
            report.by_element,
            True,
        ),
        Table("city", _("Requests by city"), [_("City"), *requests_header], report.by_city, True),
        Table(
            "scale",
            _("Requests by enterprise scale"),
            [_("Enterprise scale"), *requests_header],
            report.by_scale,
            True,
        ),
        Table(
            "scores",
            _("Distribution of satisfaction scores"),
            [_("Score"), pgettext("score count", "Answers")],
            [(str(score), n) for score, n in report.scores],
            True,
        ),
        Table(
            "providers",
            _("Per provider"),
            [
                _("Provider"),
                _("Engagements"),
                pgettext("report figure", "Resolved"),
                _("Scores"),
                _("Satisfaction average"),
            ],
            [
                (
                    row["name"],
                    row["engagements"],
                    row["resolved"],
                    row["answered"],
                    number(row["satisfaction"], 2),
                )
                for row in report.providers
            ],
        ),
        *channel_tables(report, Table, number),
        *provider_response_tables(report),
    ]


def provider_response_tables(report):
    """Per provider, the answers to referrals in the period (``provider_figures``)."""
    rows = getattr(report, "provider_responses", None)
    if rows is None:
        return []
    headers = [
        _("Provider"),
        _("Referrals"),
        pgettext("engagement", "Accepted"),
        pgettext("engagement", "Declined"),
        _("Acceptance rate"),
        _("Response time, median (working days)"),
        _("Delivery time, median (working days)"),
        _("Satisfaction of delivered requests (1–5)"),
    ]
    return [
        Table(
            "provider_responses",
            _("Referrals per provider"),
            headers,
            [
                (
                    row.name,
                    row.referrals,
                    row.accepted,
                    row.declined,
                    percent(row.acceptance_rate),
                    number(row.response_days),
                    number(row.delivery_days),
                    number(row.satisfaction, 2),
                )
                for row in rows
            ],
        )
    ]
