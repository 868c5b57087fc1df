"""Demo content of the engagement life cycle: the provider staff user ``provider-nanyue`` of
南粤计量科学研究院 with referrals in every state (answered in time, declined, late, delivered),
made through the real life cycle; coordinators manage provider staff."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from directory.models import ProviderPage
from service_requests import engagements
from service_requests.models import ProviderEngagement, ProviderMembership, ServiceRequest
from website.demo import DEMO_PASSWORD, set_admin_language

USERNAME = "provider-nanyue"
PROVIDER_TITLE = "南粤计量科学研究院"
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
    provider = ProviderPage.objects.filter(
        title=PROVIDER_TITLE, locale__language_code="zh-hans"
    ).first()
    if provider is None:
        return None
    coordinators = Group.objects.filter(name=coordinator_group).first()
    if coordinators is not None:
        coordinators.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="service_requests",
                codename__endswith="_providermembership",
            )
        )
    user, created = get_user_model().objects.get_or_create(
        username=USERNAME,
        defaults={"email": f"{USERNAME}@qi-one-stop.example", "first_name": "南粤计量院"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    ProviderMembership.objects.get_or_create(user=user, provider=provider)
    set_admin_language(user, "zh-hans")
    _ensure_referrals(provider, user, users)
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
