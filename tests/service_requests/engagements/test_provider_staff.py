"""The permission matrix of provider staff (机构人员): their own organisation's engagements only,
never another provider's, never the inbox listing, never the enterprise's personal data without
its consent (and every view of it in the access log); guessed URLs get 403/404. Answering and
delivering through the admin, with the result files reaching the lead inbox."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.admin.menu import admin_menu
from wagtail.models import ModelLogEntry

from service_requests import access_log, engagements
from service_requests.models import EngagementStatus, ServiceRequest
from tests.service_requests.conftest import EXE, PDF, upload


@pytest.fixture
def case(make_request, providers, metrology_staff, add_file):
    """A request with a file, referred to both providers, without consent to share."""
    service_request = make_request(["metrology"], state="accepted", contact_phone="13912345678")
    enterprise_file = add_file(service_request, "营业执照.pdf")
    mine = engagements.refer(service_request, providers[0], by=metrology_staff, note="请校准")
    theirs = engagements.refer(service_request, providers[1], by=metrology_staff)
    return {"sr": service_request, "file": enterprise_file, "mine": mine, "theirs": theirs}


def consent(service_request):
    ServiceRequest.objects.filter(pk=service_request.pk).update(share_consent=True)
    service_request.refresh_from_db()


def views(service_request):
    return ModelLogEntry.objects.filter(
        object_id=str(service_request.pk), action=access_log.VIEW
    ).count()


def test_work_list_shows_own_engagements_only(
    client,
    case,
    provider_staff,
    make_request,
    providers,
    metrology_staff,
    django_assert_max_num_queries,
):
    for number in range(3):
        other = make_request(["metrology"], state="accepted")
        engagement = engagements.refer(other, providers[0], by=metrology_staff)
        if number == 0:
            engagements.decline(engagement, "排期已满", by=provider_staff[0])
    client.force_login(provider_staff[0])
    with django_assert_max_num_queries(20):
        response = client.get("/admin/engagements/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('href="/admin/engagements/') >= 4
    assert f'href="/admin/engagements/{case["theirs"].pk}/"' not in html
    assert f'href="/admin/engagements/{case["mine"].pk}/"' in html
    declined = client.get("/admin/engagements/?status=declined").content.decode()
    assert len(re.findall(r'href="/admin/engagements/\d+/"', declined)) == 1
    # A bogus filter value shows everything rather than an error.
    assert client.get("/admin/engagements/?status=nonsense").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/requests/",
        "/admin/requests/{sr}/",
        "/admin/requests/{sr}/files/{file}/",
        "/admin/requests/{sr}/record/",
    ],
)
def test_never_the_inbox_side(client, case, provider_staff, url):
    client.force_login(provider_staff[0])
    url = url.format(sr=case["sr"].pk, file=case["file"].pk)
    assert client.get(url).status_code == 403


def test_guessed_engagements_and_files_are_404(client, case, provider_staff):
    client.force_login(provider_staff[0])
    theirs, mine = case["theirs"], case["mine"]
    assert client.get(f"/admin/engagements/{theirs.pk}/").status_code == 404
    assert client.get("/admin/engagements/999999/").status_code == 404
    response = client.post(f"/admin/engagements/{theirs.pk}/", {"action": "accept"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == EngagementStatus.REFERRED
    # The enterprise's file without consent; a file of another request through my engagement.
    file_url = f"/admin/engagements/{mine.pk}/files/{case['file'].pk}/"
    assert client.get(file_url).status_code == 404
    assert client.get(f"/admin/engagements/{theirs.pk}/files/{case['file'].pk}/").status_code == 404


@pytest.mark.parametrize("role", ["metrology", "coordinator", "editor", "anonymous"])
def test_others_do_not_get_the_provider_side(client, case, roles, role):
    if role != "anonymous":
        client.force_login(roles[role])
    for url in ("/admin/engagements/", f"/admin/engagements/{case['mine'].pk}/"):
        response = client.get(url)
        assert response.status_code == (302 if role == "anonymous" else 403)


def test_need_only_without_consent(client, case, provider_staff, django_assert_max_num_queries):
    client.force_login(provider_staff[0])
    sr = case["sr"]
    with django_assert_max_num_queries(22):
        response = client.get(f"/admin/engagements/{case['mine'].pk}/")
    html = response.content.decode()
    assert sr.description in html and "请校准" in html
    for secret in (sr.uscc, sr.contact_name, sr.contact_email, "13912345678", "营业执照.pdf"):
        assert secret not in html
    assert views(sr) == 0


def test_personal_data_with_consent_is_logged(client, case, provider_staff):
    sr = case["sr"]
    consent(sr)
    client.force_login(provider_staff[0])
    html = client.get(f"/admin/engagements/{case['mine'].pk}/").content.decode()
    for shown in (sr.uscc, sr.contact_name, sr.contact_email, "营业执照.pdf"):
        assert shown in html
    assert views(sr) == 1
    response = client.get(f"/admin/engagements/{case['mine'].pk}/files/{case['file'].pk}/")
    assert response.status_code == 200 and response["Cache-Control"].startswith("private, no-store")
    logged = ModelLogEntry.objects.get(object_id=str(sr.pk), action=access_log.DOWNLOAD)
    assert logged.user == provider_staff[0] and logged.data["file"] == "营业执照.pdf"


def test_accept_progress_and_deliver(client, case, provider_staff, metrology_staff):
    engagement = case["mine"]
    url = f"/admin/engagements/{engagement.pk}/"
    client.force_login(provider_staff[0])
    # Delivering before accepting is not offered.
    client.post(url, {"action": "deliver", "outcome": "x"})
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.REFERRED
    assert client.post(url, {"action": "decline", "reason": ""}).status_code == 400
    assert client.post(url, {"action": "accept", "note": "明天联系"}).status_code == 302
    response = client.post(url, {"action": "progress", "note": "", "milestone": "样品已接收"})
    assert response.status_code == 302
    bad = client.post(
        url, {"action": "deliver", "outcome": "报告", "files": [upload("x.pdf", EXE)]}
    )
    assert bad.status_code == 400
    response = client.post(
        url, {"action": "deliver", "outcome": "已出具校准证书", "files": [upload("证书.pdf", PDF)]}
    )
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.DELIVERED
    (result,) = engagements.result_files(engagement)
    # The provider downloads its own result even without consent; the lead inbox sees it too.
    assert client.get(f"{url}files/{result.pk}/").status_code == 200
    client.force_login(provider_staff[1])
    theirs = f"/admin/engagements/{case['theirs'].pk}/"
    consent(case["sr"])
    assert "证书.pdf" not in client.get(theirs).content.decode()
    assert client.get(f"{theirs}files/{result.pk}/").status_code == 404
    client.force_login(metrology_staff)
    html = client.get(f"/admin/requests/{case['sr'].pk}/").content.decode()
    assert "证书.pdf" in html and "已出具校准证书" in html
    assert client.get(f"/admin/requests/{case['sr'].pk}/files/{result.pk}/").status_code == 200


def test_admin_menu_is_the_work_list_only(client, case, provider_staff):
    request = RequestFactory().get("/admin/")
    request.user = provider_staff[0]
    names = {item.name for item in admin_menu.render_component(request)}
    assert "engagements" in names
    assert not names & {"service-requests", "explorer", "settings", "reports", "snippets"}
    client.force_login(provider_staff[0])
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code in (302, 403)
    membership_admin = "/admin/snippets/service_requests/providermembership/"
    assert client.get(membership_admin).status_code in (302, 403)


def test_listing_filters_by_engagement_state(
    client, case, metrology_staff, make_request, django_assert_max_num_queries
):
    other = make_request(["metrology"], state="accepted")
    client.force_login(metrology_staff)
    with CaptureQueriesContext(connection) as unfiltered:
        client.get("/admin/requests/")
    # The filter is one EXISTS in the listing's query: no query more than without it.
    with django_assert_max_num_queries(len(unfiltered)):
        html = client.get("/admin/requests/?engagement=referred").content.decode()
    assert case["sr"].reference in html and other.reference not in html
    html = client.get("/admin/requests/?engagement=delivered").content.decode()
    assert case["sr"].reference not in html
