"""Demo content for the site-wide CMS: about, privacy and news pages, site settings with sample
contact details, the demo superuser.

``load_demo`` calls ``load(command)`` of each app's ``demo`` module in ``INSTALLED_APPS`` order, so
the website's tree exists before the directory, policy and request apps hang their pages on it.
Everything is created only when missing, so running it twice leaves the same tree. The page-tree
helpers the demo builds with live in ``website.page_tree``.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from website.models import (
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    SiteSettings,
    StandardPage,
)
from website.page_tree import ensure_home, ensure_translated_page

DEMO_PASSWORD = "changeme"


def ensure_site_settings(site):
    """Sample contact details and ICP number in the default site's settings, when unset."""
    site_settings = SiteSettings.for_site(site)
    if not site_settings.hotline:
        site_settings.hotline = "020-8888-0101"
        site_settings.email = "service@qi-one-stop.example"
        site_settings.address = "广东省广州市天河区示范路 100 号质量服务大厦 1 楼"
        site_settings.address_en = (
            "1F Quality Services Building, 100 Shifan Road, Tianhe, Guangzhou"
        )
        site_settings.office_hours = "工作日 9:00–12:00，14:00–17:30"
        site_settings.office_hours_en = "Working days 9:00–12:00 and 14:00–17:30"
        site_settings.icp_number = "粤ICP备20260001号-1"
        site_settings.save()
    return site_settings


ABOUT_BODY_ZH = [
    (
        "text",
        "<p>平台依据《关于大力开展质量基础设施“一站式”服务的意见》建设，汇聚全省计量、"
        "标准、认证认可、检验检测等技术机构资源，为企业特别是中小企业提供“一站式”质量服务。</p>",
    ),
    (
        "steps",
        {
            "title": "服务流程",
            "steps": [
                {
                    "title": "提出需求",
                    "text": "<p>在线填写一次需求表，说明企业情况和需要的服务。</p>",
                },
                {
                    "title": "受理与策划",
                    "text": "<p>平台在承诺时限内受理，制定服务方案并协调服务机构。</p>",
                },
                {"title": "协同服务", "text": "<p>相关机构分工合作，企业只需对接一个窗口。</p>"},
                {"title": "办结与评价", "text": "<p>服务办结后，企业对服务进行满意度评价。</p>"},
            ],
        },
    ),
    (
        "callout",
        {"tone": "info", "title": "服务热线", "text": "<p>工作日可拨打 020-8888-0101 咨询。</p>"},
    ),
]
ABOUT_BODY_EN = [
    (
        "text",
        "<p>The platform follows the national opinions on quality infrastructure one-stop "
        "services. It brings together the province's metrology, standards, certification and "
        "testing institutions to serve enterprises, especially small and medium-sized ones.</p>",
    ),
    (
        "steps",
        {
            "title": "How it works",
            "steps": [
                {
                    "title": "Tell us what you need",
                    "text": "<p>Fill in one request form online.</p>",
                },
                {
                    "title": "Acceptance and planning",
                    "text": "<p>We accept the request within the promised time and plan the service.</p>",
                },
                {
                    "title": "Coordinated service",
                    "text": "<p>Institutions work together; you deal with one contact point.</p>",
                },
                {
                    "title": "Closure and feedback",
                    "text": "<p>When the service is done, rate it.</p>",
                },
            ],
        },
    ),
    (
        "callout",
        {"tone": "info", "title": "Hotline", "text": "<p>Call 020-8888-0101 on working days.</p>"},
    ),
]
PRIVACY_BODY_ZH = [
    (
        "text",
        "<p>我们仅为办理您提出的服务需求收集必要的企业和联系人信息，并在您同意后与参与协同服务的"
        "机构共享。个人信息在需求办结归档后按规定期限保存，期满后删除，仅保留不含个人信息的统计数据。</p>",
    ),
    (
        "faq",
        {
            "title": "常见问题",
            "items": [
                {
                    "question": "谁能看到我提交的信息？",
                    "answer": "<p>只有负责受理您需求的平台工作人员，以及经您同意参与服务的机构。</p>",
                },
                {
                    "question": "上传的文件会公开吗？",
                    "answer": "<p>不会。文件保存在非公开存储中。</p>",
                },
            ],
        },
    ),
]
PRIVACY_BODY_EN = [
    (
        "text",
        "<p>We collect only the enterprise and contact details needed to handle your "
        "request, and share them with collaborating institutions only with your consent. Personal "
        "data is kept for a set period after the request is closed, then erased; only anonymous "
        "statistics remain.</p>",
    ),
    (
        "faq",
        {
            "title": "Questions",
            "items": [
                {
                    "question": "Who can see what I submit?",
                    "answer": "<p>Only the staff handling your request and the institutions you agree to.</p>",
                },
                {
                    "question": "Are uploaded files public?",
                    "answer": "<p>No. They are stored privately.</p>",
                },
            ],
        },
    ),
]


NEWS = [
    (
        "platform-launch",
        date(2026, 3, 15),
        NewsCategory.ANNOUNCEMENT,
        (
            "质量基础设施一站式服务平台上线试运行",
            "平台整合计量、标准、认证认可、检验检测等服务资源，企业可在线一次提交服务需求。",
            "<p>经过前期建设，平台于 3 月 15 日上线试运行。企业可通过平台查询服务机构和服务项目，"
            "在线提交服务需求，并跟踪办理进度。</p>",
        ),
        (
            "One-stop quality infrastructure platform goes live",
            "Metrology, standards, certification and testing services in one place; one request online.",
            "<p>The platform went live for trial operation on 15 March. Enterprises can find providers "
            "and services, submit a request online and follow its progress.</p>",
        ),
    ),
    (
        "national-day-2026",
        date(2026, 9, 25),
        NewsCategory.ANNOUNCEMENT,
        (
            "2026 年国庆节、中秋节假期服务安排",
            "10 月 1 日至 8 日放假调休，10 月 10 日（星期六）上班；假期内在线提交的需求节后依次受理。",
            "<p>根据国务院办公厅通知，10 月 1 日至 8 日放假调休，共 8 天。10 月 10 日（星期六）上班。"
            "假期内在线提交的服务需求将在节后第一个工作日起依次受理，承诺时限按工作日顺延。</p>",
        ),
        (
            "Service arrangements for the 2026 National Day and Mid-Autumn holidays",
            "Closed 1–8 October; Saturday 10 October is a working day. Requests are handled after the break.",
            "<p>Following the State Council's schedule, the platform is closed from 1 to 8 October. "
            "Saturday 10 October is a working day. Requests submitted during the holiday are handled from "
            "the first working day after it; promised times count working days only.</p>",
        ),
    ),
    (
        "case-foshan-ceramics",
        date(2026, 6, 18),
        NewsCategory.CASE_STUDY,
        (
            "典型案例：佛山陶瓷企业“标准+检测+认证”一站式服务",
            "平台协调三家机构，帮助一家陶瓷企业 45 个工作日内完成新产品标准制定、型式检验和产品认证。",
            "<p>一家佛山陶瓷企业计划推出新型岩板产品。平台受理需求后制定服务方案，协调标准化研究机构、"
            "检测实验室和认证机构分工协作，企业只对接一个窗口，比以往节省约三分之一时间。</p>",
        ),
        (
            "Case study: standards, testing and certification for a Foshan ceramics maker",
            "Three institutions coordinated by the platform took a new product to certification in 45 working days.",
            "<p>A Foshan ceramics maker planned a new sintered-stone slab. The platform planned the service "
            "and coordinated a standards institute, a testing laboratory and a certification body; the "
            "enterprise dealt with one contact point and saved about a third of the usual time.</p>",
        ),
    ),
    (
        "case-dongguan-metrology",
        date(2026, 8, 6),
        NewsCategory.CASE_STUDY,
        (
            "典型案例：东莞电子企业计量能力提升",
            "计量技术机构上门校准关键测量设备，并帮助企业建立测量管理体系。",
            "<p>一家东莞电子制造企业的产品一致性问题源于测量设备长期未校准。平台派出计量技术机构上门服务，"
            "完成 120 台设备校准，并辅导企业建立测量管理体系。</p>",
        ),
        (
            "Case study: measurement capability for a Dongguan electronics maker",
            "A metrology institute calibrated key instruments on site and helped set up measurement management.",
            "<p>An electronics maker in Dongguan traced inconsistent products to uncalibrated instruments. "
            "The platform sent a metrology institute on site to calibrate 120 instruments and help the "
            "enterprise set up a measurement management system.</p>",
        ),
    ),
]


def ensure_demo_superuser(stdout=None):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username="admin",
        defaults={"email": "admin@qi-one-stop.example", "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    set_admin_language(user, "zh-hans")
    return user


def set_admin_language(user, language):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != language:
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])


@transaction.atomic
def load(command):
    home, site = ensure_home()
    ensure_site_settings(site)
    about = ensure_translated_page(
        home,
        StandardPage,
        "about",
        {
            "title": "关于平台",
            "intro": "质量基础设施“一站式”服务平台是什么、能为企业做什么。",
            "body": ABOUT_BODY_ZH,
        },
        {
            "title": "About the platform",
            "intro": "What the quality infrastructure one-stop platform is and what it does for you.",
            "body": ABOUT_BODY_EN,
        },
        show_in_menus=True,
    )
    ensure_translated_page(
        home,
        StandardPage,
        "privacy",
        {
            "title": "隐私政策",
            "intro": "我们如何收集、使用和保护您的信息。",
            "body": PRIVACY_BODY_ZH,
        },
        {
            "title": "Privacy policy",
            "intro": "How we collect, use and protect your information.",
            "body": PRIVACY_BODY_EN,
        },
    )
    news_index = ensure_translated_page(
        home,
        NewsIndexPage,
        "news",
        {"title": "新闻与典型案例", "intro": "平台动态、服务通知和企业质量提升典型案例。"},
        {
            "title": "News and case studies",
            "intro": "Platform news, service notices and case studies of enterprises improving quality.",
        },
        show_in_menus=True,
    )
    for slug, news_date, category, zh, en in NEWS:
        ensure_translated_page(
            news_index.zh,
            NewsPage,
            slug,
            {"title": zh[0], "summary": zh[1], "body": [("text", zh[2])]},
            {"title": en[0], "summary": en[1], "body": [("text", en[2])]},
            date=news_date,
            category=category,
        )
    ensure_demo_superuser()
    command.stdout.write(
        f"  website: home, {about.zh.title}, privacy policy, {len(NEWS)} news items, site settings"
    )
    from website import demo_guides

    demo_guides.load(command, home)
