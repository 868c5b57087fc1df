"""The whole demo (``load_demo``), loaded twice for the whole suite: once, then again to show that
a second run changes nothing. Every test that needs the whole demo lives here and shares that one
load; tests that need a few objects build them with the factories instead.

Gathered from the website, policy, request, staff and report tests; each test below still
asserts what it asserted there.
"""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page
from wagtail.models import Site as WagtailSite

from diagnosis.models import DiagnosisPage
from diagnosis.routing import questions_data
from directory import freshness
from directory.models import StationPage
from improvement.models import (
    BadRatingCallback,
    EffectivenessAssessment,
    ImpactFollowUp,
)
from policies.models import IssuingAuthority, PolicyPage, PolicyRelation
from service_requests import demo_engagements, provider_staff
from service_requests.models import (
    CannedReply,
    Inbox,
    Milestone,
    ProviderEngagement,
    ProviderMembership,
    RoutingRule,
    ServiceRequest,
    ServiceRequestPage,
    StationRating,
)
from service_requests.permissions import is_coordinator, visible_requests
from tests.isolation import media_settings, module_transaction

pytestmark = pytest.mark.django_db


def demo_requests():
    """The dozen hand-written requests, without the year of report history (``QI-H…``)."""
    return ServiceRequest.objects.exclude(reference__startswith="QI-H")


def _history():
    return ServiceRequest.objects.filter(reference__startswith="QI-H")


def _page_tree():
    return list(Page.objects.order_by("path").values_list("path", "slug", "locale_id", "live"))


def _requests():
    return list(demo_requests().order_by("reference").values_list("reference", "state"))


def _history_rows():
    return list(_history().order_by("reference").values_list("reference", "state", "city"))


def _counts():
    return (
        ServiceRequest.objects.count(),
        Milestone.objects.count(),
        ProviderEngagement.objects.count(),
    )


# What the idempotence tests compare: taken after the first load, compared after the second.
AFTER_FIRST_LOAD = {
    "page_tree": _page_tree,
    "requests": _requests,
    "history": _history_rows,
    "counts": _counts,
}


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(autouse=True)
def _private_media(settings, demo_media):
    """The tests read the files the demo wrote, so they share its media folders."""
    for name, value in media_settings(demo_media).items():
        setattr(settings, name, value)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    """``load_demo`` run twice inside one transaction rolled back after the module; yields what
    ``AFTER_FIRST_LOAD`` read between the two runs."""
    with module_transaction(django_db_blocker), override_settings(**media_settings(demo_media)):
        with django_db_blocker.unblock():
            call_command("load_demo", stdout=StringIO())
            first = {name: read() for name, read in AFTER_FIRST_LOAD.items()}
            call_command("load_demo", stdout=StringIO())
        yield first


@pytest.fixture
def admin_user(demo):
    """The demo's superuser (``admin``), which the shared conftest's ``admin_user`` would clash
    with."""
    return get_user_model().objects.get(username="admin")


# --- the page tree (from tests/website/test_pages.py) ---------------------------------------------
def test_load_demo_twice_gives_the_same_tree(demo):
    first = demo["page_tree"]
    second = _page_tree()
    assert first == second
    assert len(first) >= 7  # root, two homes, about and privacy in both languages


# --- the request side (from tests/service_requests/test_demo.py) ----------------------------------
def test_load_demo_builds_the_request_side_once(demo):
    first = demo["requests"]
    assert _requests() == first

    assert ServiceRequestPage.objects.live().count() == 2
    assert {p.locale.language_code for p in ServiceRequestPage.objects.all()} == {"zh-hans", "en"}
    codes = set(Inbox.objects.values_list("code", flat=True))
    assert codes == {
        "metrology",
        "standards",
        "certification",
        "testing",
        "quality-management",
        "extended",
    }
    assert RoutingRule.objects.count() == 7
    assert all(inbox.group_id for inbox in Inbox.objects.all())

    assert len(first) == 12
    states = Counter(state for _, state in first)
    assert len(states) >= 6 and states["submitted"] >= 2
    metrology = set(
        ServiceRequest.objects.filter(inboxes__code="metrology").values_list("pk", flat=True)
    )
    testing = set(
        ServiceRequest.objects.filter(inboxes__code="testing").values_list("pk", flat=True)
    )
    assert metrology - testing and testing - metrology  # each inbox has requests the other lacks
    assert ServiceRequest.objects.filter(language="en").exists()
    for service_request in ServiceRequest.objects.all():
        assert service_request.events.filter(kind="submitted").exists()
        assert service_request.first_response_due
    # Canned replies in both languages, one of them for one inbox only.
    canned = CannedReply.objects.all()
    assert {c.locale.language_code for c in canned} == {"zh-hans", "en"}
    assert canned.filter(inbox__code="testing").count() == 2
    # Directory freshness: every profile verified, the demo editor's one stale.
    stale = [p.title for p in freshness.stale_providers()]
    assert stale == ["佛山顺德家电检测研究院"]


def test_demo_request_pages_render(client, demo):
    site = WagtailSite.objects.get(is_default_site=True)
    site.hostname, site.port = "testserver", 80
    site.save()
    for path in ("/request/", "/en/request/"):
        assert client.get(path).status_code == 200
    awaiting = demo_requests().get(state="awaiting_enterprise")
    page = client.get(awaiting.get_tracking_url(absolute=False)).content.decode()
    assert 'name="information"' in page


# --- staff users and the spread over inboxes (from tests/service_requests/staff/test_demo.py) ----
def test_demo_staff_users_and_spread(client, demo):
    counts = demo["counts"]
    assert counts == _counts()
    assert counts[1] and counts[2]

    users = get_user_model().objects.in_bulk(
        ["inbox-metrology", "inbox-testing", "coordinator"], field_name="username"
    )
    metrology = set(visible_requests(users["inbox-metrology"]))
    testing = set(visible_requests(users["inbox-testing"]))
    assert metrology - testing and testing - metrology
    assert is_coordinator(users["coordinator"])
    assert set(visible_requests(users["coordinator"])) == set(ServiceRequest.objects.all())

    # Through the login page: django-axes counts logins by request, so Client.login cannot be used.
    login = {"username": "inbox-metrology", "password": "changeme"}
    assert client.post("/admin/login/", login).status_code == 302
    # The dozen current demo requests (the year of report history, QI-H…, runs to many pages):
    # each is found by its reference exactly when the metrology inbox may see it.
    current = {sr for sr in metrology | testing if not sr.reference.startswith("QI-H")}
    assert current & metrology and current - metrology
    for sr in current:
        html = client.get("/admin/requests/", {"q": sr.reference}).content.decode()
        assert (f'href="/admin/requests/{sr.pk}/"' in html) == (sr in metrology), sr.reference
    assert client.get("/admin/").status_code == 200


def test_demo_provider_staff_work_for_one_provider_each(demo):
    """``provider-nanyue`` and ``provider-shunde``: one membership each, loaded twice, and a work
    list of their own provider's engagements only."""
    for username, title, _name in demo_engagements.PROVIDER_STAFF:
        user = get_user_model().objects.get(username=username)
        assert user.check_password("changeme")
        assert provider_staff.is_provider_staff(user)
        memberships = ProviderMembership.objects.filter(user=user)
        assert list(memberships.values_list("provider__title", flat=True)) == [title]
        titles = set(
            provider_staff.visible_engagements(user).values_list("provider__title", flat=True)
        )
        assert titles == {title}, username


# --- the year of report history (from tests/improvement/test_demo.py) --------------
def test_history_is_rich_deterministic_and_loaded_once(demo):
    first = demo["history"]
    assert _history_rows() == first

    assert len(first) >= 300
    assert len({state for _, state, _ in first}) >= 8
    assert len({city for _, _, city in first}) >= 6
    history = _history()
    oldest = history.order_by("submitted_at").first().submitted_at
    assert (timezone.now() - oldest).days >= 300
    assert history.values("elements__code").annotate(n=Count("pk")).count() == 7
    assert history.filter(survey__score__lte=2).count() == BadRatingCallback.objects.count() > 0
    today = timezone.localdate()
    assert BadRatingCallback.objects.filter(closed_at__isnull=True, due__lt=today).exists()
    assert BadRatingCallback.objects.filter(closed_at__isnull=False).exists()
    assert ImpactFollowUp.objects.filter(responded_at__isnull=False).exists()
    actions = EffectivenessAssessment.objects.get().actions
    assert actions.count() == 3
    assert actions.filter(status="open", due__lt=today, owner_user__isnull=False).exists()
    assert BadRatingCallback.objects.filter(improvement_action__assessment__isnull=False).exists()
    assert all(r.inboxes.exists() for r in history.prefetch_related("inboxes")[:20])


# --- policies and their admin screens (from tests/policies/test_demo_and_admin.py) --------------
def test_demo_policies(demo, locales):
    zh = PolicyPage.objects.live().filter(locale=locales["zh-hans"])
    assert zh.count() >= 12
    assert {p.level for p in zh} == {"national", "provincial", "municipal"}
    assert len({p.policy_type for p in zh}) >= 4
    for page in zh:
        translation = page.get_translation_or_none(locales["en"])
        assert translation is not None and translation.live, page.title
    for number in ("国市监质〔2020〕177号", "市监质发〔2021〕34号"):
        page = zh.get(doc_number=number)
        assert len(page.summary) > 80 and page.body
    interpretations = PolicyRelation.objects.filter(
        relation_type="interprets", from_policy__locale=locales["zh-hans"]
    )
    assert interpretations.count() >= 2
    assert {r.to_policy.doc_number for r in interpretations} >= {
        "国市监质〔2020〕177号",
        "市监质发〔2021〕34号",
    }
    replaced = PolicyRelation.objects.get(
        relation_type="replaces", from_policy__locale=locales["zh-hans"]
    ).to_policy
    assert replaced.status == "repealed"
    assert zh.get(doc_number="国市监质〔2020〕177号").attachments.exists()
    assert IssuingAuthority.objects.filter(locale=locales["en"]).count() >= 8


def test_demo_policy_pages_render(client, demo):
    for path in (
        "/policies/",
        "/en/policies/",
        "/policies/samr-2020-177/",
        "/en/policies/ccc-2009/",
    ):
        assert client.get(path).status_code == 200, path
    html = client.get("/en/policies/ccc-2009/").content.decode()
    assert "This policy has been repealed" in html and "/en/policies/ccc-2022/" in html


def test_admin_screens(client, admin_user, demo, locales):
    client.force_login(admin_user)
    index = PolicyPage.objects.filter(locale=locales["zh-hans"]).first().get_parent()
    policy = PolicyPage.objects.get(doc_number="国市监质〔2020〕177号", locale=locales["zh-hans"])
    for path in (
        "/admin/policy_pages/",
        "/admin/policy_pages/?status=repealed",
        "/admin/snippets/policies/issuingauthority/",
        f"/admin/pages/{policy.pk}/edit/",
        f"/admin/pages/add/policies/policypage/{index.pk}/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    edit = client.get(f"/admin/pages/{policy.pk}/edit/").content.decode()
    assert "国市监质〔2020〕177号" in edit
    # Only the Chinese elements are offered on a Chinese page.
    assert "Metrology" not in edit.split('name="elements"')[0][-2000:]


def test_admin_form_rejects_a_relation_to_itself_and_duplicates(admin_user, demo, locales):
    from policies.models import PolicyPage as Model

    page = Model.objects.get(doc_number="国市监质〔2020〕177号", locale=locales["zh-hans"])
    other = Model.objects.get(doc_number="市监质发〔2021〕34号", locale=locales["zh-hans"])
    form_class = Model.get_edit_handler().get_form_class()

    def post(relations):
        data = {
            "title": page.title,
            "slug": page.slug,
            "doc_number": page.doc_number,
            "authority": page.authority_id,
            "level": page.level,
            "policy_type": page.policy_type,
            "issue_date": page.issue_date.isoformat(),
            "status": page.status,
            "summary": page.summary,
            "body-count": "0",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
            "relations-TOTAL_FORMS": str(len(relations)),
            "relations-INITIAL_FORMS": "0",
            "relations-MIN_NUM_FORMS": "0",
            "relations-MAX_NUM_FORMS": "1000",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
        }
        for number, (kind, target) in enumerate(relations):
            data[f"relations-{number}-relation_type"] = kind
            data[f"relations-{number}-to_policy"] = target.pk
            data[f"relations-{number}-ORDER"] = str(number + 1)
        form = form_class(data, instance=page, parent_page=page.get_parent(), for_user=admin_user)
        form.is_valid()
        return [form.errors for form in form.formsets["relations"].forms]

    assert post([("interprets", other)]) == [{}]
    assert "to_policy" in post([("interprets", page)])[0]
    errors = post([("amends", other), ("amends", other)])
    assert errors[0] == {} and "to_policy" in errors[1]


def test_editor_publishes_a_policy_through_the_admin(client, admin_user, demo, locales, elements):
    client.force_login(admin_user)
    zh = locales["zh-hans"]
    index = PolicyPage.objects.filter(locale=zh).first().get_parent()
    target = PolicyPage.objects.get(doc_number="国市监质〔2020〕177号", locale=zh)
    authority = IssuingAuthority.objects.get(name="广东省市场监督管理局", locale=zh)
    data = {
        "title": "编辑发布的解读",
        "slug": "editor-interpretation",
        "doc_number": "",
        "authority": authority.pk,
        "level": "provincial",
        "policy_type": "interpretation",
        "issue_date": "2024-05-06",
        "status": "in_force",
        "summary": "编辑写的摘要。",
        "elements": [elements["metrology"].pk],
        "body-count": "0",
        "action-publish": "action-publish",
    }
    for prefix, count in (("attachments", 0), ("relations", 1), ("comments", 0)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(count),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(
        {
            "relations-0-relation_type": "interprets",
            "relations-0-to_policy": target.pk,
            "relations-0-ORDER": "1",
        }
    )
    response = client.post(f"/admin/pages/add/policies/policypage/{index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = PolicyPage.objects.get(slug="editor-interpretation")
    assert page.live and page.relations.get().to_policy_id == target.pk
    client.logout()
    assert "编辑发布的解读" in client.get(target.url).content.decode()


# --- the 质量诊断 helper ------------------------------------------------------------------------
def test_demo_questionnaire_covers_the_seven_elements(demo, client):
    pages = {page.locale.language_code: page for page in DiagnosisPage.objects.live()}
    assert set(pages) == {"zh-hans", "en"}
    zh, en = questions_data(pages["zh-hans"]), questions_data(pages["en"])
    assert 3 <= len(zh) <= 8 and len(zh) == len(en)
    assert [len(q["answers"]) for q in zh] == [len(q["answers"]) for q in en]
    codes = {code for q in zh for answer in q["answers"] for code in answer["elements"]}
    assert codes == {
        "metrology",
        "standards",
        "certification",
        "testing",
        "quality-management",
        "ip",
        "brand",
    }
    pointed = [pk for q in zh for a in q["answers"] for pk in a["services"] + a["solutions"]]
    assert len(pointed) >= 20 and Page.objects.filter(pk__in=pointed).live().count() == len(
        set(pointed)
    )
    home = client.get("/").content.decode()
    assert f'href="{pages["zh-hans"].url}"' in home
    assert f'href="{pages["en"].url}"' in client.get("/en/").content.decode()
    for number in range(1, len(zh) + 1):
        response = client.post(f"/diagnosis/question/{number}/", {"answer": ["1"]})
        assert response.status_code == 302
    result = client.get("/diagnosis/result/").content.decode()
    assert "推荐的一站式服务方案" in result and "推荐的服务项目" in result


# --- offline service (service_requests.intake, improvement.channel_demo) -------------------------
def test_demo_has_offline_requests_at_stations_and_station_ratings(demo, client):
    offline = _history().exclude(intake_channel="online")
    assert offline.count() > 30
    assert not offline.filter(station=None).exists()
    assert set(offline.values_list("intake_channel", flat=True)) == {"walk_in", "phone", "on_site"}
    assert StationRating.objects.count() > 30
    station = StationPage.objects.live().filter(locale__language_code="zh-hans").first()
    html = client.get(station.url).content.decode()
    assert f'href="{station.url}poster/"' in html and f'href="{station.url}rate/"' in html
    assert client.get(f"{station.url}poster/").status_code == 200
