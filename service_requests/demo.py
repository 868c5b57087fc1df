"""Demo content of service requests: the request page in both languages, one inbox per core
element and one for the extended elements with their routing rules, and a dozen requests in
varied states (some only the metrology inbox sees, some only inspection & testing) so the staff
side has something to show. Idempotent: what exists is left as it is."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from directory.hsds.importer import find_page
from directory.models import Element, ProviderPage, ServicePage, SolutionPage
from service_requests import casework, demo_engagements, engagements, factories, services
from service_requests.models import (
    CannedReply,
    Inbox,
    Milestone,
    RequestSettings,
    RequestSettingsElementTarget,
    RoutingRule,
    SatisfactionSurvey,
    ServiceRequest,
    ServiceRequestPage,
)
from website.demo import DEMO_PASSWORD, set_admin_language
from website.models import HomePage, StandardPage
from website.page_tree import ensure_translated_page, get_locales

INBOXES = [
    # code, zh name, en name, element codes, fallback
    ("metrology", "计量受理组", "Metrology desk", ["metrology"], False),
    ("standards", "标准受理组", "Standards desk", ["standards"], False),
    ("certification", "认证认可受理组", "Certification desk", ["certification"], False),
    ("testing", "检验检测受理组", "Inspection and testing desk", ["testing"], False),
    (
        "quality-management",
        "质量管理受理组",
        "Quality management desk",
        ["quality-management"],
        True,
    ),
    (
        "extended",
        "知识产权与品牌受理组",
        "Intellectual property and brand desk",
        ["ip", "brand"],
        False,
    ),
]

PAGE_ZH = {
    "title": "提出服务需求",
    "intro": "<p>告诉我们贵企业需要哪些质量服务——计量、标准、认证认可、检验检测、质量管理、知识产权或品牌培育。平台受理后协调相关技术机构，为企业提供“一站式”服务。提出需求免费。</p>",
    "before_you_start": "<p>填写约需 5 分钟。请准备好：</p><ul><li>营业执照上的统一社会信用代码（18 位）</li><li>联系人的手机号码或电子邮箱</li><li>相关文件（可选），如产品说明书、检测报告</li></ul>",
    "privacy_notice": "<p>我们仅为办理本次需求使用您提供的信息。只有受理您需求的平台工作人员能看到这些信息；经您同意后，参与协同服务的机构也可以看到。需求办结归档后，个人信息按规定期限保存后删除。</p>",
    "next_steps": "<ol><li>平台工作人员在 2 个工作日内受理并与您联系。</li><li>需要时，我们会请您补充信息，您可以在跟踪页面回复。</li><li>服务办结后，请对服务进行满意度评价。</li></ol>",
    "search_description": "一次提出质量服务需求，平台协调技术机构提供一站式服务。",
}
PAGE_EN = {
    "title": "Request a service",
    "intro": "<p>Tell us which quality services your enterprise needs: metrology, standards, certification, inspection and testing, quality management, intellectual property or brand building. The platform takes your request and coordinates the technical institutions that serve you. Asking is free.</p>",
    "before_you_start": "<p>It takes about 5 minutes. Have ready:</p><ul><li>the 18-character unified social credit code on your business licence</li><li>a mobile phone number or email address for the contact person</li><li>any documents that help (optional), such as a product specification or a test report</li></ul>",
    "privacy_notice": "<p>We use your details only to handle this request. Only the platform staff handling it can see them and, if you agree, the institutions that work on it with us. After the request is closed, personal data is kept for a set period and then erased.</p>",
    "next_steps": "<ol><li>Platform staff accept your request and contact you within 2 working days.</li><li>If we need more information, we ask you; you can answer on the tracking page.</li><li>When the service is done, please rate it.</li></ol>",
    "search_description": "Ask once for quality services; the platform coordinates the institutions that provide them.",
}


# number, language, enterprise, city, scale, element codes, final state, days ago, description
REQUESTS = [
    (
        1,
        "zh-hans",
        "广州精测电子有限公司",
        "guangzhou",
        "small",
        ["metrology"],
        "submitted",
        0,
        "我司新购一批电子天平和游标卡尺，需要检定校准，并希望了解内部计量管理制度怎么建立。",
    ),
    (
        2,
        "zh-hans",
        "佛山顺德美居家电有限公司",
        "foshan",
        "medium",
        ["testing"],
        "submitted",
        1,
        "新款电热水壶准备上市，需要做安全性能和能效检测，出具有 CMA 资质的检测报告。",
    ),
    (
        3,
        "en",
        "Shenzhen Brightway Lighting Co., Ltd.",
        "shenzhen",
        "small",
        ["testing", "certification"],
        "submitted",
        3,
        "We plan to export LED panel lights to the EU and need testing and CCC/CE certification advice.",
    ),
    (
        4,
        "zh-hans",
        "东莞华信五金制品厂",
        "dongguan",
        "micro",
        ["metrology"],
        "accepted",
        4,
        "车间的压力表、温度计到期需要送检，想了解就近的检定机构和费用。",
    ),
    (
        5,
        "zh-hans",
        "中山市小榄灯饰有限公司",
        "zhongshan",
        "small",
        ["testing"],
        "accepted",
        5,
        "灯具产品被客户要求提供第三方检测报告，需要推荐有资质的实验室。",
    ),
    (
        6,
        "zh-hans",
        "江门新会陈皮食品有限公司",
        "jiangmen",
        "small",
        ["standards", "brand"],
        "in_progress",
        9,
        "希望制定陈皮产品的企业标准并进行自我声明公开，同时申请区域品牌。",
    ),
    (
        7,
        "zh-hans",
        "珠海海澄医疗器械有限公司",
        "zhuhai",
        "medium",
        ["metrology", "testing"],
        "in_progress",
        12,
        "医疗器械生产线需要计量器具校准和产品出厂检验能力建设咨询。",
    ),
    (
        8,
        "zh-hans",
        "汕头澄海玩具实业有限公司",
        "shantou",
        "small",
        ["testing"],
        "awaiting_enterprise",
        8,
        "出口玩具需要做 EN71 检测，想先了解送样数量和周期。",
    ),
    (
        9,
        "en",
        "Huizhou Greenleaf Battery Technology Co., Ltd.",
        "huizhou",
        "medium",
        ["quality-management", "certification"],
        "resolved",
        30,
        "We want to set up an ISO 9001 quality management system and be certified within six months.",
    ),
    (
        10,
        "zh-hans",
        "肇庆高要五金塑料厂",
        "zhaoqing",
        "micro",
        ["metrology"],
        "resolved",
        25,
        "请协助建立计量器具台账，并安排现场校准。",
    ),
    (
        11,
        "zh-hans",
        "清远英德茶业有限公司",
        "qingyuan",
        "small",
        ["ip", "brand"],
        "closed",
        60,
        "英德红茶商标注册和地理标志保护咨询。",
    ),
    (
        12,
        "zh-hans",
        "韶关曲江建材有限公司",
        "shaoguan",
        "large",
        ["certification"],
        "declined",
        20,
        "想了解产品认证，但暂未确定具体产品。",
    ),
]

# Demo requests that came from a service or a solution of the demo directory (HSDS ids).
FROM_DIRECTORY = {
    2: ("service", "svc-shunde-appliance-appliance-safety"),
    4: ("service", "svc-nanyue-metrology-mandatory-verification"),
    5: ("service", "svc-guzhen-lighting-luminaire-safety"),
    6: ("service", "svc-lingnan-standards-enterprise-standard"),
    8: ("service", "svc-chenghai-toys-toy-export"),
    3: ("solution", "solution-appliance-export-eu"),
    9: ("service", "svc-yuexin-cert-iso9001"),
}


def directory_keys(number):
    """Translation keys of the service (and its provider) or solution a demo request names."""
    kind, record_id = FROM_DIRECTORY.get(number, (None, None))
    if kind == "service":
        service = find_page(ServicePage, record_id)
        if service is not None:
            provider = service.get_provider()
            return {
                "service_keys": [str(service.translation_key)],
                "provider_key": str(provider.translation_key) if provider else "",
            }
    if kind == "solution":
        solution = find_page(SolutionPage, record_id)
        if solution is not None:
            services = [step.service for step in solution.steps.all() if step.service_id]
            return {
                "solution_key": str(solution.translation_key),
                "service_keys": [str(service.translation_key) for service in services],
            }
    return {}


def ensure_request_page(home):
    zh_locale, en_locale = get_locales()
    pair = ensure_translated_page(
        home, ServiceRequestPage, "request", PAGE_ZH, PAGE_EN, show_in_menus=True
    )
    for page, locale in ((pair.zh, zh_locale), (pair.en, en_locale)):
        if page.privacy_page_id is None:
            privacy = StandardPage.objects.filter(slug="privacy", locale=locale).first()
            if privacy is not None:
                page.privacy_page = privacy
                page.save_revision(log_action=False).publish(log_action=False)
    return pair


def ensure_inboxes():
    zh, _en = get_locales()
    inboxes = {}
    for order, (code, name, name_en, element_codes, fallback) in enumerate(INBOXES):
        inbox = Inbox.objects.filter(code=code).first()
        if inbox is None:
            inbox = Inbox.objects.create(
                code=code,
                name=name,
                name_en=name_en,
                notification_email=f"inbox-{code}@qi-one-stop.example",
                is_fallback=fallback,
                sort_order=order,
            )
            elements = Element.objects.filter(code__in=element_codes, locale=zh)
            inbox.elements.set(elements)
            for element in elements:
                RoutingRule.objects.get_or_create(
                    element=element, city="", defaults={"inbox": inbox}
                )
        inboxes[code] = inbox
    return inboxes


def ensure_requests(pages):
    """Create the demo requests through the same services as the form (no email is queued)."""
    staff = get_user_model().objects.filter(username="admin").first()
    now = timezone.now()
    created = 0
    for number, language, enterprise, city, scale, codes, final, days_ago, description in REQUESTS:
        page = pages.zh if language == "zh-hans" else pages.en
        submitted_at = now - timedelta(days=days_ago, hours=number)
        service_request, is_new = factories.submit(
            f"demo-request-{number:02d}",
            codes,
            state=final,
            actor=staff,
            now=submitted_at,
            language=language,
            enterprise_name=enterprise,
            uscc=factories.make_uscc(number),
            scale=scale,
            city=city,
            description=description,
            contact_name="王小明" if language == "zh-hans" else "Li Wei",
            contact_phone=f"1380013{number:04d}",
            contact_email=f"contact{number:02d}@example.com",
            preferred_contact="phone" if number % 2 else "email",
            share_consent=number % 3 != 0,
            page=page,
            **directory_keys(number),
        )
        if not is_new:
            continue
        created += 1
        if final == "closed":
            services.record_survey_response(
                SatisfactionSurvey.objects.get(request=service_request),
                score=5,
                comment="对接及时，很专业。",
                now=submitted_at + timedelta(days=2),
            )
    return created


# Staff users of the staff side: username, first name, inbox codes (None: coordinator, all inboxes).
STAFF_USERS = [
    ("inbox-metrology", "计量受理员", ["metrology"]),
    ("inbox-testing", "检验检测受理员", ["testing"]),
    ("coordinator", "平台协调员", None),
]
COORDINATOR_GROUP = "需求协调员"
# Per-element SLA targets of the demo (working days: first response, resolution).
ELEMENT_TARGETS = {"testing": (1, 15), "metrology": (2, 10)}


def _permission(codename, app_label):
    return Permission.objects.get(codename=codename, content_type__app_label=app_label)


def ensure_staff_users(inboxes):
    """The demo staff: one member of the metrology inbox, one of the inspection & testing inbox,
    and a coordinator who sees every inbox and edits the request handling settings."""
    access_admin = _permission("access_admin", "wagtailadmin")
    for inbox in inboxes.values():
        inbox.group.permissions.add(access_admin)
    coordinators, _created = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    coordinators.permissions.add(
        access_admin,
        _permission("view_all_requests", "service_requests"),
        _permission("change_requestsettings", "service_requests"),
        *[
            _permission(f"{verb}_cannedreply", "service_requests")
            for verb in ("add", "change", "delete", "view")
        ],
    )
    users = {}
    for username, first_name, codes in STAFF_USERS:
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@qi-one-stop.example", "first_name": first_name},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        groups = [coordinators] if codes is None else [inboxes[code].group for code in codes]
        user.groups.add(*groups)
        set_admin_language(user, "zh-hans")
        users[username] = user
    return users


CANNED_REPLIES = [
    # inbox code (None: every inbox), zh title, zh text, en title, en text
    (
        None,
        "已受理",
        "您好，{enterprise}：您的服务需求（编号 {reference}）已受理，我们将在 2 个工作日内与{contact}联系。",
        "Accepted",
        "Dear {enterprise}, your request {reference} has been accepted; we will contact "
        "{contact} within 2 working days.",
    ),
    (
        None,
        "请补充材料",
        "您好，{contact}：为办理 {reference}（{elements}），请在跟踪页面补充营业执照复印件和产品说明。",
        "Please send documents",
        "Dear {contact}, to handle {reference} ({elements}) please add a copy of your business "
        "licence and a product description on the tracking page.",
    ),
    (
        "testing",
        "送检须知",
        "{enterprise}：请按检测机构要求准备样品，送检时携带委托书并注明编号 {reference}。",
        "Sample submission",
        "{enterprise}: please prepare the samples as the laboratory asks and bring the "
        "application form quoting {reference}.",
    ),
]


def ensure_canned_replies(inboxes):
    """A few canned replies, in Chinese with their English translations, once."""
    zh, en = get_locales()
    for code, zh_title, zh_text, en_title, en_text in CANNED_REPLIES:
        inbox = inboxes.get(code) if code else None
        if CannedReply.objects.filter(locale=zh, title=zh_title).exists():
            continue
        source = CannedReply.objects.create(locale=zh, inbox=inbox, title=zh_title, text=zh_text)
        translation = source.copy_for_translation(en)
        translation.title, translation.text = en_title, en_text
        translation.save()


def ensure_sla_targets():
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    settings = RequestSettings.for_site(site)
    if settings.pk is None:
        settings.save()
    zh, _en = get_locales()
    for code, (first, resolution) in ELEMENT_TARGETS.items():
        element = Element.objects.filter(code=code, locale=zh).first()
        if element is not None:
            RequestSettingsElementTarget.objects.get_or_create(
                settings=settings,
                element=element,
                defaults={"first_response_days": first, "resolution_days": resolution},
            )


def ensure_casework(users):
    """Assignments, a service plan with milestones and provider engagements on the demo
    requests, once (a request that already has a plan is left alone)."""
    by_token = {
        sr.submission_token: sr
        for sr in ServiceRequest.objects.filter(submission_token__startswith="demo-request-")
    }
    for number, username in ((2, "inbox-testing"), (5, "inbox-testing"), (4, "inbox-metrology")):
        sr = by_token.get(f"demo-request-{number:02d}")
        if sr is not None and sr.assigned_to_id is None:
            casework.assign(sr, users[username], actor=users["coordinator"])
    sr = by_token.get("demo-request-03")
    if sr is None or hasattr(sr, "plan"):
        return
    providers = list(
        ProviderPage.objects.live().filter(locale__language_code="zh-hans").order_by("pk")[:2]
    )
    casework.save_plan(
        sr,
        text="1. 安排家电安全检测（出口欧盟 CE）；\n2. 同步对接认证机构，准备认证资料；\n3. 检测报告出具后办理认证。",
        services=list(sr.services.all()),
        providers=providers,
        actor=users["inbox-testing"],
    )
    today = timezone.localdate()
    Milestone.objects.create(request=sr, title="样品送检", due_date=today, done=True)
    Milestone.objects.create(request=sr, title="出具检测报告", due_date=today + timedelta(days=14))
    actor = users["inbox-testing"]
    for provider, role in zip(providers, ("lead", "partner"), strict=False):
        engagement = engagements.refer(sr, provider, by=actor, role=role)
        engagements.accept(engagement, by=actor)
        engagements.start(engagement, by=actor)


@transaction.atomic
def load(command):
    zh, _en = get_locales()
    home = HomePage.objects.filter(locale=zh).first()
    pages = ensure_request_page(home)
    inboxes = ensure_inboxes()
    ensure_sla_targets()
    created = ensure_requests(pages)
    users = ensure_staff_users(inboxes)
    ensure_casework(users)
    demo_engagements.ensure_provider_staff(users, COORDINATOR_GROUP)
    ensure_canned_replies(inboxes)
    command.stdout.write(
        f"  service requests: {pages.zh.title} / {pages.en.title}, {len(inboxes)} inboxes, "
        f"{created} new demo requests"
    )
    command.stdout.write(
        f"  service requests: staff users {', '.join(u for u, _n, _c in STAFF_USERS)} "
        f"(password {DEMO_PASSWORD}) at /admin/requests/"
    )
