"""The reports page and its downloads, as coordinators, inbox staff and editors open them."""

import csv
import datetime
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from improvement.forms import ReportFilterForm
from service_requests.models import Inbox
from website.choices import City

from .conftest import at, make_request

URL = "/admin/reports/"
QUERY = {"period": "custom", "start": "2026-09-28", "end": "2026-10-31"}


def test_coordinator_sees_every_inbox_and_charts_with_tables(client, coordinator, fixed_requests):
    client.force_login(coordinator)
    response = client.get(URL, QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'scope="row"' in html and "<caption" in html
    assert response.context["report"].totals["received"] == 7
    assert "service-request-reports" in html  # the menu item


def test_inbox_member_sees_only_their_inbox(client, metrology_member, fixed_requests, inboxes):
    client.force_login(metrology_member)
    response = client.get(URL, QUERY)
    assert response.status_code == 200
    assert response.context["report"].totals["received"] == 4
    # Naming another inbox in the query string is refused by the form, not obeyed.
    response = client.get(URL, {**QUERY, "inbox": inboxes["testing"].pk})
    assert response.context["form"].errors["inbox"]
    assert response.context["report"].filters.inbox is None


def test_editors_are_refused(client, editor, fixed_requests):
    """Wagtail's refusal: back to the dashboard with "no permission", and no figures."""
    client.force_login(editor)
    for url in (URL, URL + "export.csv", URL + "export.xlsx"):
        response = client.get(url, QUERY)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert "service-request-reports" not in client.get("/admin/").content.decode()


def test_bad_range_is_a_clear_error(client, coordinator, fixed_requests, settings):
    client.force_login(coordinator)
    response = client.get(URL, {"period": "custom", "start": "2026-10-31", "end": "2026-10-01"})
    assert response.status_code == 200
    assert str(_("The end date is before the start date.")) in response.content.decode()


def test_csv_download(client, metrology_member, fixed_requests):
    client.force_login(metrology_member)
    response = client.get(reverse("service_request_reports:csv"), QUERY)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    values = {row[0]: row[1] for row in rows if len(row) == 2}
    assert values[_("Requests received")] == "4"
    assert values[_("First response SLA hit rate")] == "75.0%"
    assert values[_("Satisfaction average (1–5)")] == "3.67"
    assert [str(City.SHENZHEN.label), "1"] in rows


def test_xlsx_download(client, coordinator, fixed_requests):
    client.force_login(coordinator)
    response = client.get(reverse("service_request_reports:xlsx"), QUERY)
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    summary = workbook[workbook.sheetnames[0]]
    values = {row[0]: row[1] for row in summary.iter_rows(min_row=4, values_only=True)}
    assert values[_("Requests received")] == 7
    assert values[_("Resolution time, median (working days)")] == "3.0"
    scores = workbook[_("Distribution of satisfaction scores")[:31]]
    assert [row for row in scores.iter_rows(min_row=4, values_only=True)] == [
        ("1", 1),
        ("2", 1),
        ("3", 0),
        ("4", 1),
        ("5", 1),
    ]


def _add_requests(inboxes, start, count):
    element = inboxes["elements"]["metrology"]
    for number in range(start, start + count):
        submitted = at(fixed_day(number))
        make_request(
            100 + number,
            inboxes["metrology"],
            element,
            submitted=submitted,
            city=("guangzhou", "shenzhen", "zhuhai")[number % 3],
            state="resolved",
            responded=submitted + timedelta(days=1),
            resolved=submitted + timedelta(days=number % 9 + 1),
            score=number % 5 + 1,
        )


def fixed_day(number):
    from datetime import date

    return date(2026, 10, 12) + timedelta(days=number % 15)


def _count(client, url):
    captured = []

    def count(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url, QUERY).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [URL, URL + "export.csv", URL + "export.xlsx"])
def test_queries_do_not_grow_with_requests(client, metrology_member, inboxes, url):
    client.force_login(metrology_member)
    _add_requests(inboxes, 0, 5)
    client.get(url, QUERY)  # warm per-process caches (calendar, admin menu)
    small = _count(client, url)
    _add_requests(inboxes, 5, 40)
    assert _count(client, url) == small
    assert 5 < small <= 40


@pytest.mark.parametrize("query", [{}, {"period": "month", "year": "", "month": ""}])
def test_report_period_form_shows_the_period_displayed(db, query):
    today = datetime.date(2026, 8, 14)
    form = ReportFilterForm(query or None, inboxes=Inbox.objects.none(), today=today)
    html = str(form)
    assert 'value="2026"' in html
    assert '<option value="8" selected>' in html
    assert '<option value="3" selected>Q3</option>' in html
