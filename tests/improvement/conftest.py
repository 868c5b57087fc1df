"""A small fixed set of requests around the 2026 National Day holiday (1–7 October; Saturday
10 October is an adjusted working day), with the figures computed by hand in the tests."""

from datetime import date, datetime, time

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from service_requests import factories, sla
from service_requests.models import Inbox, SatisfactionSurvey

TODAY = date(2026, 11, 20)


def at(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def inboxes(elements):
    from directory.models import Element

    metrology = Inbox.objects.create(name="计量组", code="rep-metrology")
    testing = Inbox.objects.create(name="检验检测组", code="rep-testing")
    zh = {e.code: e for e in Element.objects.filter(locale__language_code="zh-hans")}
    return {"metrology": metrology, "testing": testing, "elements": zh}


def make_request(
    number,
    inbox,
    element,
    *,
    submitted,
    responded=None,
    resolved=None,
    uscc=None,
    score=None,
    survey=False,
    **fields,
):
    """Request ``number`` of ``inbox`` about ``element``, submitted at ``submitted`` with the SLA
    dates of that day; ``fields`` set its state and answers, ``score`` or ``survey`` add
    an answered or a pending satisfaction survey."""
    day = timezone.localtime(submitted).date()
    service_request = factories.create_request(
        number,
        inboxes=[inbox],
        reference=f"QI-RPT-{number:05d}",
        enterprise_name=f"企业{number}",
        uscc=uscc or f"91440101MA{number:07d}X",
        contact_email=f"e{number}@example.com",
        lead_inbox=inbox,
        submitted_at=submitted,
        first_response_due=sla.first_response_due(day),
        resolution_due=sla.resolution_due(day),
        first_response_at=responded,
        resolved_at=resolved,
        **fields,
    )
    service_request.elements.set([element])
    if score is not None or survey:
        SatisfactionSurvey.objects.create(
            request=service_request,
            score=score,
            responded_at=resolved if score is not None else None,
        )
    return service_request


@pytest.fixture
def fixed_requests(inboxes):
    metrology, testing = inboxes["metrology"], inboxes["testing"]
    m, t = inboxes["elements"]["metrology"], inboxes["elements"]["testing"]
    d = date
    return {
        # Answered on the first working day after the holiday: 1 working day, in time.
        "r1": make_request(
            1,
            metrology,
            m,
            submitted=at(d(2026, 9, 30)),
            uscc="91440101MA0000001X",
            state="resolved",
            responded=at(d(2026, 10, 8)),
            resolved=at(d(2026, 10, 12)),
            score=5,
        ),
        "r2": make_request(
            2,
            metrology,
            m,
            submitted=at(d(2026, 9, 29)),
            city="shenzhen",
            scale="micro",
            state="resolved",
            responded=at(d(2026, 9, 29), 15),
            resolved=at(d(2026, 10, 15)),
            score=2,
        ),
        "r3": make_request(
            3,
            testing,
            t,
            submitted=at(d(2026, 9, 28)),
            scale="medium",
            state="declined",
            responded=at(d(2026, 10, 9)),
        ),
        "r4": make_request(
            4, metrology, m, submitted=at(d(2026, 10, 12)), uscc="91440101MA0000001X"
        ),
        "r5": make_request(
            5,
            metrology,
            m,
            submitted=at(d(2026, 10, 13)),
            city="foshan",
            state="resolved",
            responded=at(d(2026, 10, 14)),
            resolved=at(d(2026, 10, 16)),
            score=4,
        ),
        "spam": make_request(6, metrology, m, submitted=at(d(2026, 10, 1)), state="spam"),
        # Resolved on the adjusted working Saturday: 1 working day.
        "r8": make_request(
            8,
            testing,
            t,
            submitted=at(d(2026, 10, 9)),
            state="resolved",
            responded=at(d(2026, 10, 9), 16),
            resolved=at(d(2026, 10, 10)),
            score=1,
        ),
        "r9": make_request(
            9,
            testing,
            t,
            submitted=at(d(2026, 10, 20)),
            state="resolved",
            responded=at(d(2026, 10, 20), 11),
            resolved=at(d(2026, 10, 21)),
            survey=True,
        ),
        # Outside the period.
        "old": make_request(10, metrology, m, submitted=at(d(2026, 8, 3))),
    }


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coordinator-r", password="pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_all_requests"),
        Permission.objects.get(codename="access_admin"),
    )
    return user


@pytest.fixture
def metrology_member(django_user_model, inboxes):
    user = django_user_model.objects.create_user("member-r", password="pw", is_staff=True)
    user.groups.add(inboxes["metrology"].group)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor-r", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user
