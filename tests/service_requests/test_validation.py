"""Every validation rule of the form, posted through the test client in both languages."""

import re

import pytest

from tests.service_requests.conftest import CONTACT, ENTERPRISE, NEEDS, VALID_USCC, submit

pytestmark = pytest.mark.django_db


def _page(response):
    return response.content.decode()


def _summary_links(html):
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary, "an error summary at the top"
    return re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary.group(0))


def _post_step(client, prefix, step, values):
    client.get(f"{prefix}/request/start/")
    if step in ("needs", "files", "contact"):
        submit(client, f"{prefix}/request/enterprise/", ENTERPRISE)
    if step in ("files", "contact"):
        submit(client, f"{prefix}/request/needs/", NEEDS)
    if step == "contact":
        submit(client, f"{prefix}/request/files/", {})
    return submit(client, f"{prefix}/request/{step}/", values)


CASES = [
    # step, field, bad value, English message fragment, Chinese message fragment
    ("enterprise", "enterprise_name", "", "Enter the name of your enterprise", "请输入企业名称"),
    ("enterprise", "uscc", "", "Enter the unified social credit code", "请输入统一社会信用代码"),
    ("enterprise", "uscc", "9144010", "has 18 characters; you entered 7", "18 位"),
    ("enterprise", "uscc", "91440101MA5C0000IO", "cannot contain I、O", "不能包含"),
    ("enterprise", "uscc", "91440101MA5C00001A", "the last character does not match", "校验位"),
    ("enterprise", "uscc", "9144AB01MA5C00001N", "area code and must be digits", "行政区划"),
    ("enterprise", "scale", "", "Select the size of your enterprise", "请选择企业规模"),
    ("enterprise", "scale", "huge", "Select the size of your enterprise", "请选择企业规模"),
    ("enterprise", "industry", "", "Select your industry", "请选择所属行业"),
    ("enterprise", "city", "", "Select the city of your enterprise", "请选择企业所在城市"),
    (
        "enterprise",
        "city",
        "beijing",
        "Select a city in Guangdong from the list",
        "请从列表中选择广东省的城市",
    ),
    ("needs", "elements", [], "Select at least one kind of service", "请至少选择一类服务"),
    ("needs", "elements", ["nope"], "Select kinds of service from the list", "请从列表中选择"),
    ("needs", "description", "", "Describe what you need.", "请描述您的需求"),
    ("needs", "description", "太短了", "at least 10 characters", "至少 10 个字"),
    ("needs", "description", "长" * 2001, "2000 characters or fewer", "2000 个字"),
    ("needs", "timeframe", "", "Select when you need the service", "请选择需要服务的时间"),
    ("needs", "preferred_channel", "", "Select how you would like to be served", "请选择服务方式"),
    ("contact", "contact_name", "", "Enter the name of the person", "请输入联系人姓名"),
    ("contact", "contact_phone", "1380013800", "has 11 digits; you entered 10", "11 位"),
    ("contact", "contact_phone", "12800138000", "starting with 13 to 19", "13 至 19"),
    ("contact", "contact_phone", "138-0013-800a", "digits only", "只能包含数字"),
    ("contact", "contact_email", "wang@", "correct format", "格式"),
    (
        "contact",
        "privacy_consent",
        "",
        "You must agree to the privacy notice",
        "请先阅读并同意隐私声明",
    ),
]


@pytest.mark.parametrize(("prefix", "language"), [("/en", "en"), ("", "zh")])
@pytest.mark.parametrize("step", ["enterprise", "needs", "contact"])
def test_each_rule_reports_a_clear_error_linked_from_the_summary(
    client, request_page, prefix, language, step
):
    good = {"enterprise": ENTERPRISE, "needs": NEEDS, "contact": CONTACT}[step]
    _post_step(client, prefix, step, good)  # reach the step once
    for case_step, field, bad, en_message, zh_message in CASES:
        if case_step != step:
            continue
        name = f"{step}-{field}"
        values = {**good, name: bad}
        if bad == "":
            values.pop(name)
        response = submit(client, f"{prefix}/request/{step}/", values)
        assert response.status_code == 200, f"{name}={bad!r} is refused"
        html = _page(response)
        message = en_message if language == "en" else zh_message
        links = _summary_links(html)
        group = field in ("scale", "elements", "timeframe", "preferred_channel")
        anchor = f"id_{name}_0" if group else f"id_{name}"
        assert any(target == anchor and message in text for target, text in links), links
        assert f'id="{anchor}"' in html, "the summary links to an element that exists"
        assert f'id="id_{name}_error"' in html, "the inline error"
        assert re.search(r"<title>(Error:|错误：)", html)


@pytest.mark.parametrize(
    ("uscc", "stored"),
    [
        (VALID_USCC, VALID_USCC),
        (VALID_USCC.lower(), VALID_USCC),
        ("９１４４０１０１ＭＡ５Ｃ００００１Ｎ", VALID_USCC),  # full-width, from a Chinese IME
        ("9144 0101 MA5C 0000 1N", VALID_USCC),
    ],
)
def test_good_usccs_are_accepted_and_normalised(client, request_page, uscc, stored):
    response = _post_step(client, "", "enterprise", {**ENTERPRISE, "enterprise-uscc": uscc})
    assert response.status_code == 302
    submit(client, "/request/needs/", NEEDS)
    submit(client, "/request/files/", {})
    submit(client, "/request/contact/", CONTACT)
    assert stored in _page(client.get("/request/check/"))


@pytest.mark.parametrize(
    ("phone", "email", "method", "error_field"),
    [
        ("", "", "phone", "contact_phone"),  # neither
        ("", "wang@example.com", "phone", "contact_phone"),  # prefers phone without one
        ("13800138000", "", "email", "contact_email"),  # prefers email without one
    ],
)
def test_phone_or_email_rules(client, request_page, phone, email, method, error_field):
    values = {
        **CONTACT,
        "contact-contact_phone": phone,
        "contact-contact_email": email,
        "contact-preferred_contact": method,
    }
    response = _post_step(client, "/en", "contact", values)
    assert response.status_code == 200
    assert any(
        target == f"id_contact-{error_field}" for target, _ in _summary_links(_page(response))
    )


@pytest.mark.parametrize(
    ("phone", "email", "method"),
    [
        ("+86 138 0013 8000", "", "phone"),
        ("", "Wang@Example.COM", "email"),
        ("008613800138000", "wang@example.com", "email"),
    ],
)
def test_one_of_phone_or_email_is_enough(client, request_page, phone, email, method):
    values = {
        **CONTACT,
        "contact-contact_phone": phone,
        "contact-contact_email": email,
        "contact-preferred_contact": method,
    }
    response = _post_step(client, "/en", "contact", values)
    assert response.status_code == 302
    check = _page(client.get("/en/request/check/"))
    if phone:
        assert "13800138000" in check
    if email:
        assert "Wang@example.com" in check or "wang@example.com" in check


def test_description_bounds_are_inclusive(client, request_page):
    for text in ("十个字的需求描述内容", "长" * 2000):
        response = _post_step(client, "", "needs", {**NEEDS, "needs-description": text})
        assert response.status_code == 302
