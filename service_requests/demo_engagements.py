"""Demo content of the engagement life cycle: the provider staff user ``provider-nanyue`` of
南粤计量科学研究院 with referrals in every state (answered in time, declined, late, delivered),
made through the real life cycle, and ``provider-shunde`` of 佛山顺德家电检测研究院 (a second
institution's staff, to engage on a plan beside it); coordinators manage provider staff."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from directory.models import ProviderPage
from service_requests import engagements
from service_requests.models import ProviderEngagement, ProviderMembership, ServiceRequest
from website.demo import DEMO_PASSWORD, set_admin_language

# (username, provider, display name); the first one gets the demo referrals.
PROVIDER_STAFF = [
    ("provider-nanyue", "南粤计量科学研究院", "南粤计量院"),
    ("provider-shunde", "佛山顺德家电检测研究院", "顺德家电检测院"),
]
# (steps after the referral, with a note each), oldest referral first.
STORIES = [
    [
        ("accept", ""),
        ("progress", "已完成 120 台器具的现场校准。"),
        ("deliver", "已出具校准证书。"),
    ],
    [("decline", "该项目超出本院授权范围，建议转介检测机构。")],
    [("accept", "已安排工程师联系企业。"), ("progress", "样品已接收。")],
    [("accept", "")],
    [],
]


def ensure_provider_staff(users, coordinator_group):
    """The demo provider staff users; the first one's referrals. Returns the users created or
    found (providers missing from the directory are skipped)."""
    coordinators = Group.objects.filter(name=coordinator_group).first()
    if coordinators is not None:
        coordinators.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="service_requests",
                codename__endswith="_providermembership",
            )
        )
    staff = []
    for index, (username, title, display_name) in enumerate(PROVIDER_STAFF):
        provider = ProviderPage.objects.filter(title=title, locale__language_code="zh-hans").first()
        if provider is None:
            continue
        user = _ensure_user(username, display_name, provider)
        if index == 0:
            _ensure_referrals(provider, user, users)
        staff.append(user)
    return staff


def _ensure_user(username, display_name, provider):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@qi-one-stop.example", "first_name": display_name},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    ProviderMembership.objects.get_or_create(user=user, provider=provider)
    set_admin_language(user, "zh-hans")
    return user


def _ensure_referrals(provider, user, users):
    if ProviderEngagement.objects.filter(provider=provider).exists():
        return
    actor = users.get("inbox-metrology") or next(iter(users.values()))
    candidates = (
        ServiceRequest.objects.filter(
            elements__code="metrology", state__in=["accepted", "in_progress", "resolved"]
        )
        .distinct()
        .order_by("submitted_at")[: len(STORIES)]
    )
    for service_request, story in zip(candidates, STORIES, strict=False):
        when = service_request.submitted_at + timedelta(days=1)
        engagement = engagements.refer(
            service_request, provider, by=actor, note="请对接企业的计量需求。", now=when
        )
        for step, (action, note) in enumerate(story, start=1):
            at = when + timedelta(days=step)
            if action == "accept":
                engagements.accept(engagement, by=user, note=note, now=at)
            elif action == "decline":
                engagements.decline(engagement, note, by=user, now=at)
            elif action == "progress":
                engagements.update_progress(engagement, note, by=user, now=at)
            else:
                engagements.deliver(engagement, note, by=user, now=at)
