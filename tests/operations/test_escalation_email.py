"""The escalation email of a request nobody is assigned to (seen failing in `make run`: the
template looked up the assignee's username on None)."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from service_requests import factories

pytestmark = pytest.mark.django_db


def test_escalation_email_of_an_unassigned_request_renders(request_page):
    service_request = factories.create_request(1, assigned_to=None)
    with translation.override("zh-hans"):
        text = render_to_string(
            "service_requests/email/sla_escalation.txt",
            {"service_request": service_request, "due": service_request.resolution_due},
        )
    assert service_request.reference in text and "未分派" in text
