"""Demo content of the 质量诊断 helper: a questionnaire for a manufacturing SME covering all
seven elements, in Chinese and English, in the main menu at /diagnosis/. It points to the demo
directory's services and solutions (by their import ids); coordinators may see the figures.
Idempotent: an existing questionnaire is left as editors made it."""

from django.contrib.auth.models import Group, Permission

from diagnosis.questionnaire import Answer, Question, ensure_questionnaire
from directory.hsds.records import find_page
from directory.models import ServicePage, SolutionPage
from service_requests.demo import COORDINATOR_GROUP
from website.models import HomePage
from website.page_tree import get_locales


def _services(*ids):
    return [find_page(ServicePage, f"svc-{record_id}") for record_id in ids]


def _solutions(*ids):
    return [find_page(SolutionPage, f"solution-{record_id}") for record_id in ids]


def questions():
    return [
        Question(
            "贵企业眼下最想解决哪些问题？",
            "What does your enterprise most need to solve right now?",
            [
                Answer(
                    "新产品要上市，不清楚要做哪些检测和认证",
                    "A new product is going to market and we do not know which tests and "
                    "certificates it needs",
                    ["standards", "testing", "certification"],
                    [],
                    _solutions("new-product-to-market"),
                    "新产品上市要先明确适用标准，再做型式检测，需要时办理强制性认证，一站式方案按顺序安排。",
                    "A new product needs its standards identified, type testing and, where "
                    "required, compulsory certification; the one-stop solution puts them in order.",
                ),
                Answer(
                    "产品要出口欧盟",
                    "The product is to be exported to the EU",
                    ["testing", "certification"],
                    _services("shunde-appliance-export-eu"),
                    _solutions("appliance-export-eu"),
                    "出口欧盟需要按欧盟标准检测并取得 CE 符合性证明。",
                    "Exports to the EU need testing to European standards and CE conformity.",
                ),
                Answer(
                    "产品质量不稳定，客户投诉多",
                    "Quality is unstable and customers complain",
                    ["quality-management", "testing"],
                    _services("huizhou-qma-quality-diagnosis", "dongguan-smart-failure-analysis"),
                    [],
                    "先做一次质量诊断和失效分析，找到问题的根源。",
                    "A quality diagnosis and a failure analysis find the root cause first.",
                ),
                Answer(
                    "想打造自己的品牌",
                    "We want to build our own brand",
                    ["brand", "ip"],
                    [],
                    _solutions("brand-and-ip"),
                    "品牌培育要和商标、专利保护一起做。",
                    "Building a brand goes together with protecting trademarks and patents.",
                ),
            ],
            multiple=True,
            zh_hint="可以选择多项。",
            en_hint="Choose all that apply.",
        ),
        Question(
            "生产中使用的测量设备（卡尺、压力表、电子秤等）多久检定或校准一次？",
            "How often are the measuring instruments used in production (callipers, pressure "
            "gauges, scales) verified or calibrated?",
            [
                Answer(
                    "按规定周期定期检定或校准",
                    "Regularly, at the required intervals",
                    [],
                    [],
                    [],
                ),
                Answer(
                    "不清楚，或很久没有做过",
                    "We do not know, or not for a long time",
                    ["metrology"],
                    _services(
                        "nanyue-metrology-mandatory-verification",
                        "nanyue-metrology-calibration",
                    ),
                    [],
                    "用于贸易结算、安全防护的计量器具必须强制检定，其他测量设备也应定期校准。",
                    "Instruments used for trade or safety must be verified by law; other "
                    "instruments should be calibrated regularly.",
                ),
                Answer(
                    "精度要求高，需要提升测量能力",
                    "We need high precision and better measurement capability",
                    ["metrology", "quality-management"],
                    _services(
                        "bay-metrology-onsite-calibration",
                        "nanyue-metrology-measurement-management",
                    ),
                    _solutions("precision-measurement"),
                    "精密制造需要现场校准和测量管理体系来保证测量结果可靠。",
                    "Precision manufacturing needs on-site calibration and a measurement "
                    "management system for reliable results.",
                ),
            ],
        ),
        Question(
            "贵企业的产品执行什么标准？",
            "Which standards do your products follow?",
            [
                Answer(
                    "国家或行业标准，但不清楚最新变化",
                    "National or industry standards, but we do not follow their changes",
                    ["standards"],
                    _services("lingnan-standards-standard-lookup"),
                    [],
                    "标准会修订，及时掌握现行有效版本可以避免产品不合格。",
                    "Standards are revised; knowing the version in force avoids non-conforming "
                    "products.",
                ),
                Answer(
                    "还没有适用标准，想制定企业标准",
                    "There is no standard for our product and we want our own",
                    ["standards"],
                    _services("lingnan-standards-enterprise-standard"),
                    [],
                    "没有国家或行业标准的产品，应制定企业标准并自我声明公开。",
                    "A product without a national or industry standard needs an enterprise "
                    "standard, declared in public.",
                ),
                Answer(
                    "想参与制定团体标准或国际标准",
                    "We want to take part in association or international standards",
                    ["standards", "ip"],
                    _services(
                        "pioneer-standards-international-standards",
                        "pioneer-standards-sep-analysis",
                    ),
                    [],
                    "参与标准制定能把技术优势变成市场话语权。",
                    "Taking part in standard-setting turns a technical lead into a say in the "
                    "market.",
                ),
            ],
        ),
        Question(
            "贵企业是否已建立质量管理体系？",
            "Does your enterprise have a quality management system?",
            [
                Answer(
                    "还没有",
                    "Not yet",
                    ["quality-management", "certification"],
                    _services("foshan-quality-qms-coaching"),
                    _solutions("small-firm-quality-system"),
                    "小微企业可以从建立质量管理体系做起，逐步通过认证。",
                    "A small firm can start by setting up a quality management system and then "
                    "get certified.",
                ),
                Answer(
                    "已建立，想获得 ISO 9001 认证",
                    "Yes, and we want ISO 9001 certification",
                    ["certification"],
                    _services("yuexin-cert-iso9001"),
                    [],
                    "体系运行满三个月即可申请认证审核。",
                    "After three months of running the system you can apply for the audit.",
                ),
                Answer(
                    "已通过认证，想进一步提升",
                    "Yes, certified, and we want to improve further",
                    ["quality-management", "brand"],
                    _services("foshan-quality-lean-six-sigma", "huizhou-qma-quality-award"),
                    [],
                    "精益改善和质量奖申报能持续提升质量水平和美誉度。",
                    "Lean improvement and a quality award raise quality and reputation.",
                ),
            ],
        ),
        Question(
            "贵企业的技术成果和品牌是否得到保护？",
            "Are your enterprise's technology and brand protected?",
            [
                Answer(
                    "有新技术，但还没有申请专利",
                    "We have new technology but no patents yet",
                    ["ip"],
                    _services("yuezhi-ip-patent-search"),
                    [],
                    "申请专利前先检索，避免重复研发和侵权风险。",
                    "A patent search before applying avoids duplicate work and infringement.",
                ),
                Answer(
                    "商标还没有注册",
                    "Our trademark is not registered",
                    ["ip", "brand"],
                    _services("yuezhi-ip-trademark"),
                    [],
                    "商标是品牌的法律基础，应尽早注册。",
                    "A trademark is the legal basis of a brand; register it early.",
                ),
                Answer(
                    "想提升品牌影响力",
                    "We want a stronger brand",
                    ["brand", "certification"],
                    _services("hengqin-brand-brand-diagnosis", "green-cert-bay-area-certification"),
                    [],
                    "品牌诊断找准定位，“湾区认证”等高端品质认证为品牌背书。",
                    "A brand diagnosis finds your position; quality marks such as Bay Area "
                    "certification back the brand.",
                ),
                Answer("都已办妥", "All done", [], [], []),
            ],
        ),
    ]


def load(command):
    zh, _en = get_locales()
    home = HomePage.objects.filter(locale=zh).first()
    pages = ensure_questionnaire(
        home,
        "diagnosis",
        questions(),
        {
            "title": "质量诊断",
            "seo_title": "质量诊断：我需要什么服务？",
            "intro": "面向制造业中小企业：回答五个简单问题，平台根据您的情况推荐计量、标准、"
            "认证认可、检验检测、质量管理、知识产权和品牌培育方面的服务，并可直接提出服务需求。",
            "result_intro": "以下推荐按与您的回答相关的程度排列，点击名称查看详情。",
            "search_description": "回答五个问题，找到适合贵企业的质量服务。",
        },
        {
            "title": "Quality diagnosis",
            "seo_title": "Quality diagnosis: which service do I need?",
            "intro": "For small and medium manufacturers: answer five short questions and the "
            "platform recommends services in metrology, standards, certification, testing, "
            "quality management, intellectual property and brand building, and you can send a "
            "request straight away.",
            "result_intro": "The recommendations are ranked by how closely they match your "
            "answers; follow a name for the details.",
            "search_description": "Answer five questions to find the quality services your "
            "enterprise needs.",
        },
        show_in_menus=True,
    )
    coordinators = Group.objects.filter(name=COORDINATOR_GROUP).first()
    if coordinators is not None:
        coordinators.permissions.add(
            Permission.objects.get(
                content_type__app_label="diagnosis", codename="view_diagnosissession"
            )
        )
    command.stdout.write(f"  diagnosis: {pages.zh.title} / {pages.en.title} at /diagnosis/")
