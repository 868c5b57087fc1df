"""The result's one button: the request form prefilled with the elements and a need summary;
the run is counted as turned into a request when the form is sent."""

import re

import pytest
from django.core import signing

from diagnosis.models import DiagnosisSession
from service_requests.models import ServiceRequest
from service_requests.public import prefill
from tests.diagnosis.conftest import answer_all
from tests.service_requests.conftest import CONTACT, ENTERPRISE, submit

pytestmark = pytest.mark.django_db


def _checked(html, name):
    return re.findall(rf'name="needs-{name}" value="([^"]+)"[^>]*checked', html)


def _description(html):
    return re.search(r'<textarea name="needs-description"[^>]*>(.*?)</textarea>', html, re.S)


def test_result_links_each_page_and_starts_a_prefilled_request(client, questionnaire, directory):
    answer_all(client, answers=((0,), (1,), (0,)))
    result = client.get("/diagnosis/result/").content.decode()
    assert directory["services"][0].url in result
    assert directory["solutions"][0].url in result
    assert "新产品上市前需要检测和认证。" in result
    assert "/services/element/testing/" in result
    assert client.get("/diagnosis/request/").status_code == 405

    response = client.post("/diagnosis/request/")
    assert response.status_code == 302 and response["Location"].startswith("/request/start/?")
    run = DiagnosisSession.objects.get()
    assert run.request_started_at is not None and run.converted_at is None

    assert client.get(response["Location"])["Location"] == "/request/enterprise/"
    submit(client, "/request/enterprise/", ENTERPRISE)
    needs = client.get("/request/needs/").content.decode()
    assert {"testing", "certification", "brand", "quality-management"} <= set(
        _checked(needs, "elements")
    )
    description = _description(needs).group(1)
    assert "我在“质量诊断”中的回答：" in description and "新产品上市" in description

    submit(
        client,
        "/request/needs/",
        {
            "needs-elements": _checked(needs, "elements"),
            "needs-description": "来自质量诊断：新产品上市，品牌。",
            "needs-timeframe": "month",
            "needs-preferred_channel": "any",
        },
    )
    submit(client, "/request/files/", {})
    submit(client, "/request/contact/", CONTACT)
    assert submit(client, "/request/check/").status_code == 303
    assert ServiceRequest.objects.count() == 1
    run.refresh_from_db()
    assert run.converted_at is not None


def test_english_request_is_prefilled_in_english(client, questionnaire):
    answer_all(client, "/en")
    response = client.post("/en/diagnosis/request/")
    assert response["Location"].startswith("/en/request/start/?")
    client.get(response["Location"])
    submit(client, "/en/request/enterprise/", ENTERPRISE)
    needs = client.get("/en/request/needs/").content.decode()
    assert "My answers in “Quality diagnosis”:" in _description(needs).group(1)


def test_an_unsigned_or_forged_need_is_ignored(rf, questionnaire):
    assert prefill.from_query(rf.get("/", {"need": "anything"}).GET) == {}
    forged = signing.dumps({"need": "x"}, salt="another")
    assert prefill.from_query(rf.get("/", {"need": forged}).GET) == {}
    signed = prefill.sign_need("需要检测", origin="diagnosis:abc")
    assert prefill.from_query(rf.get("/", {"need": signed}).GET) == {
        "need_summary": "需要检测",
        "origin": "diagnosis:abc",
    }
