"""A score of 1 or 2 opens a callback due in 15 working days; staff record it and close it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from improvement.figures import callback_figures, open_callback_counts
from improvement.models import BadRatingCallback
from improvement.periods import custom
from service_requests.models import SatisfactionSurvey
from service_requests.services import record_survey_response

from .conftest import at, make_request


@pytest.fixture
def unanswered(inboxes):
    return make_request(
        50,
        inboxes["metrology"],
        inboxes["elements"]["metrology"],
        submitted=at(date(2026, 9, 1)),
        state="resolved",
        responded=at(date(2026, 9, 2)),
        resolved=at(date(2026, 9, 10)),
        survey=True,
    )


def test_bad_score_opens_a_callback_due_in_15_working_days(unanswered):
    survey = SatisfactionSurvey.objects.get(request=unanswered)
    # Rated on Friday 25 September 2026: the National Day holiday (1–7 October) does not count
    # and Saturday 10 October is worked, so the 15th working day is Thursday 22 October.
    assert record_survey_response(survey, score=2, now=at(date(2026, 9, 25)))
    callback = BadRatingCallback.objects.get(request=unanswered)
    assert callback.due == date(2026, 10, 22)
    assert callback.inbox == unanswered.lead_inbox
    assert callback.score == 2
    # Answering again changes nothing and opens nothing more.
    assert not record_survey_response(survey, score=1)
    assert BadRatingCallback.objects.count() == 1


@pytest.mark.parametrize("score", [3, 4, 5])
def test_good_scores_open_no_callback(unanswered, score):
    survey = SatisfactionSurvey.objects.get(request=unanswered)
    record_survey_response(survey, score=score, now=at(date(2026, 9, 25)))
    assert not BadRatingCallback.objects.exists()


def test_staff_close_a_callback_and_figures_count_it(client, unanswered, metrology_member, editor):
    survey = SatisfactionSurvey.objects.get(request=unanswered)
    record_survey_response(survey, score=1, now=at(date(2026, 9, 25)))
    callback = BadRatingCallback.objects.get()
    period = custom(date(2026, 9, 1), date(2026, 9, 30))
    figures = callback_figures(metrology_member, period, today=date(2026, 11, 20))
    assert (figures["opened"], figures["overdue"], figures["closed_on_time"]) == (1, 1, 0)
    assert open_callback_counts(metrology_member, date(2026, 10, 22)) == {"open": 1, "overdue": 0}

    url = reverse("service_request_reports:callback", args=[callback.pk])
    client.force_login(editor)
    assert client.get(url).status_code == 302  # refused by Wagtail: back to the dashboard
    client.force_login(metrology_member)
    listing = client.get(reverse("service_request_reports:callbacks"))
    assert unanswered.reference in listing.content.decode()
    response = client.post(
        url, {"contacted_at": "2026-10-01T10:00", "cause": "", "corrective_action": ""}
    )
    assert response.status_code == 200 and response.context["form"].errors["cause"]
    response = client.post(
        url,
        {
            "contacted_at": "2026-10-09T10:00",
            "cause": "报告延误",
            "corrective_action": "增加检测人员",
        },
    )
    assert response.status_code == 302
    callback.refresh_from_db()
    assert callback.is_closed and callback.closed_by == metrology_member
    assert unanswered.events.filter(note__contains="增加检测人员").exists()
    # Closed on 2026-11-… after the due date in real time: counted as closed late or on time by day.
    figures = callback_figures(
        metrology_member, period, today=callback.closed_at.date() + timedelta(days=1)
    )
    assert figures["opened"] == 1 and figures["overdue"] == 0
    assert figures["closed_on_time"] + figures["closed_late"] == 1


def test_other_inboxes_cannot_open_the_callback(client, unanswered, inboxes, django_user_model):
    survey = SatisfactionSurvey.objects.get(request=unanswered)
    record_survey_response(survey, score=1, now=at(date(2026, 9, 25)))
    outsider = django_user_model.objects.create_user("testing-r", password="pw", is_staff=True)
    outsider.groups.add(inboxes["testing"].group)
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    callback = BadRatingCallback.objects.get()
    url = reverse("service_request_reports:callback", args=[callback.pk])
    assert client.get(url).status_code == 404


def _open_callbacks(inboxes, start, count):
    for number in range(start, start + count):
        service_request = make_request(
            300 + number,
            inboxes["metrology"],
            inboxes["elements"]["metrology"],
            submitted=at(date(2026, 9, 1)),
            state="resolved",
            responded=at(date(2026, 9, 2)),
            resolved=at(date(2026, 9, 10)),
            survey=True,
        )
        survey = SatisfactionSurvey.objects.get(request=service_request)
        record_survey_response(survey, score=1, now=at(date(2026, 9, 25)))


def test_callback_list_queries_are_flat(
    client, inboxes, metrology_member, django_assert_max_num_queries
):
    client.force_login(metrology_member)
    url = reverse("service_request_reports:callbacks")
    _open_callbacks(inboxes, 0, 1)
    client.get(url)  # warm per-process caches
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    _open_callbacks(inboxes, 1, 10)
    with django_assert_max_num_queries(20):
        assert client.get(url).content.decode().count("/admin/reports/callbacks/") >= 11
