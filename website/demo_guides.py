"""Demo content: service guides (办事指南), standard pages that explain how to get each kind of
quality service. They give the site search real Chinese text to find on a fresh ``make run``,
and ``bench/search_relevance.py`` measures relevance over them."""

# ruff: noqa: E501 - prose, as in the apps' demo.py modules (see pyproject's per-file-ignores)

from website.models import StandardPage
from website.page_tree import ensure_translated_page

GUIDES = [
    {
        "slug": "guide-calibration",
        "zh": (
            "计量器具校准办事指南",
            "企业的测量设备如何送检、校准和检定，需要准备什么材料。",
            "<p>省计量科学研究院及各市计量测试所提供长度、热工、力学、电学、化学等领域的计量校准服务，"
            "出具带有CNAS认可标识的校准证书。列入强制检定目录的工作计量器具，例如用于贸易结算的电子秤、"
            "加油机和医用血压计，必须定期申请强制检定。</p>"
            "<p>办理流程：在线提交需求→约定送检或上门校准→出具校准证书。一般校准周期为5个工作日，"
            "加急服务可在2个工作日内完成。送检时请携带设备说明书和上次校准证书。</p>",
        ),
        "en": (
            "Guide: calibrating measuring instruments",
            "How to have measuring equipment calibrated or verified.",
            "<p>Metrology institutes calibrate length, temperature, force and electrical "
            "instruments and issue CNAS-accredited calibration certificates.</p>",
        ),
    },
    {
        "slug": "guide-measurement-management",
        "zh": (
            "企业测量管理体系建设指南",
            "帮助企业建立测量管理体系，实现量值溯源和测量不确定度评定。",
            "<p>测量管理体系依据GB/T 19022建立，覆盖测量设备台账、计量确认、量值溯源和测量不确定度评定。"
            "计量技术机构可为企业开展计量诊断，提出改进建议，帮助企业通过测量管理体系认证。</p>",
        ),
        "en": (
            "Guide: measurement management systems",
            "Building a measurement management system with traceable results.",
            "<p>A measurement management system following GB/T 19022 covers equipment records, "
            "metrological confirmation and traceability.</p>",
        ),
    },
    {
        "slug": "guide-standards",
        "zh": (
            "标准制定与标准化服务指南",
            "企业参与国家标准、行业标准、地方标准和团体标准制修订的途径。",
            "<p>省标准化研究院提供标准查新、标准比对、对标达标和标准制修订咨询服务。企业可以牵头或参与"
            "团体标准制定，也可以将企业标准在企业标准信息公共服务平台自我声明公开。</p>"
            "<p>标准化良好行为企业创建、标准化试点示范项目申报，均可通过本平台提出需求。</p>",
        ),
        "en": (
            "Guide: standards and standardisation",
            "How enterprises take part in drafting national, sector, local and group standards.",
            "<p>The standardisation institute offers standard searches, comparisons and drafting "
            "advice.</p>",
        ),
    },
    {
        "slug": "guide-ccc",
        "zh": (
            "强制性产品认证（CCC认证）办事指南",
            "列入目录的产品出厂、销售、进口前必须取得CCC认证证书。",
            "<p>中国强制性认证（CCC）由国家认证认可监督管理委员会（CNCA）指定的认证机构实施。"
            "电线电缆、小家电、电动自行车、儿童玩具等产品必须取得认证后方可出厂销售。</p>"
            "<p>认证流程包括：认证申请、型式试验、工厂检查、认证决定和获证后监督。平台可协调"
            "检验检测机构完成型式试验，缩短认证周期。</p>",
        ),
        "en": (
            "Guide: China Compulsory Certification (CCC)",
            "Products in the catalogue need a CCC certificate before sale.",
            "<p>CCC certification is carried out by bodies designated by CNCA and includes type "
            "testing and a factory inspection.</p>",
        ),
    },
    {
        "slug": "guide-system-certification",
        "zh": (
            "管理体系认证服务指南",
            "ISO 9001质量管理体系、ISO 14001环境管理体系和ISO 45001职业健康安全管理体系认证。",
            "<p>体系认证属于自愿性认证。企业建立并运行质量管理体系三个月以上，可向经批准的认证机构"
            "申请ISO 9001认证。汽车零部件企业还可申请IATF 16949认证。</p>"
            "<p>认证机构依据合格评定程序进行文件审核和现场审核，通过后颁发认证证书，有效期三年。</p>",
        ),
        "en": (
            "Guide: management system certification",
            "ISO 9001, ISO 14001 and ISO 45001 certification.",
            "<p>Enterprises running a quality management system for three months may apply for "
            "ISO 9001 certification.</p>",
        ),
    },
    {
        "slug": "guide-lab-accreditation",
        "zh": (
            "实验室认可（CNAS）申请指南",
            "检测实验室和校准实验室申请中国合格评定国家认可委员会认可的条件和流程。",
            "<p>中国合格评定国家认可委员会（CNAS）依据ISO/IEC 17025对检测和校准实验室实施认可。"
            "获得认可的实验室获得注册号，例如CNAS L1234，可在报告上使用认可标识，结果获得国际互认。</p>"
            "<p>申请前实验室应运行管理体系至少六个月，并参加能力验证。平台可推荐咨询机构协助准备。</p>",
        ),
        "en": (
            "Guide: laboratory accreditation (CNAS)",
            "How testing and calibration laboratories apply for CNAS accreditation.",
            "<p>CNAS accredits laboratories against ISO/IEC 17025; accredited labs get a number "
            "such as CNAS L1234.</p>",
        ),
    },
    {
        "slug": "guide-cma",
        "zh": (
            "检验检测机构资质认定（CMA）办事指南",
            "向社会出具具有证明作用数据和结果的检验检测机构，应当取得资质认定。",
            "<p>检验检测机构资质认定由市场监督管理部门实施，取得CMA标志后方可向社会出具具有证明作用的"
            "检验检测报告。资质认定证书有效期为6年，到期前3个月申请延续。</p>"
            "<p>企业委托第三方检测时，应查验报告上的CMA标志和资质认定证书编号。</p>",
        ),
        "en": (
            "Guide: CMA accreditation of inspection bodies",
            "Inspection and testing bodies issuing reports to the public need CMA approval.",
            "<p>CMA approval is granted by market regulation authorities and lasts six years.</p>",
        ),
    },
    {
        "slug": "guide-testing",
        "zh": (
            "产品检验检测委托指南",
            "如何委托第三方检测机构开展产品检验、出具检测报告。",
            "<p>企业可委托具备CMA资质的检验检测机构开展产品质量检验、型式试验、安全性能检测和环境"
            "可靠性试验。检测报告一般在10个工作日内出具，电子报告可在线查验真伪。</p>"
            "<p>出口产品还可申请国际互认的检测报告，帮助产品进入海外市场。</p>",
        ),
        "en": (
            "Guide: commissioning product testing",
            "How to commission a third-party laboratory and get a test report.",
            "<p>Testing bodies with CMA approval carry out product tests and type tests; reports "
            "usually take ten working days.</p>",
        ),
    },
    {
        "slug": "guide-quality-improvement",
        "zh": (
            "质量管理提升服务指南",
            "质量诊断、卓越绩效、首席质量官培训和质量提升专项服务。",
            "<p>平台组织质量专家深入企业开展质量诊断，帮助企业导入卓越绩效管理模式，培养首席质量官，"
            "开展质量管理小组活动和六西格玛改进，提升产品质量和经营绩效。</p>",
        ),
        "en": (
            "Guide: quality management improvement",
            "Quality diagnosis, performance excellence and chief quality officer training.",
            "<p>Quality experts visit enterprises to diagnose problems and introduce performance "
            "excellence models.</p>",
        ),
    },
    {
        "slug": "guide-patent",
        "zh": (
            "专利申请与知识产权保护指南",
            "发明专利、实用新型和外观设计专利的申请，以及知识产权维权援助。",
            "<p>知识产权服务机构提供专利检索、专利申请代理、专利导航和知识产权保护服务。"
            "发明专利审查周期较长，可通过知识产权保护中心申请预审，进入快速审查通道。</p>"
            "<p>遭遇侵权时，可申请知识产权维权援助。</p>",
        ),
        "en": (
            "Guide: patents and IP protection",
            "Applying for invention, utility model and design patents; enforcement help.",
            "<p>IP service agencies provide patent searches, filing and protection services.</p>",
        ),
    },
    {
        "slug": "guide-trademark",
        "zh": (
            "商标注册与品牌培育指南",
            "商标注册流程、地理标志保护和企业品牌建设服务。",
            "<p>商标注册申请可通过商标局网上服务系统提交，审查周期约4至6个月。平台联合行业协会开展品牌"
            "培育，帮助企业申报“广东优质”等区域品牌和地理标志产品保护。</p>",
        ),
        "en": (
            "Guide: trademarks and brand building",
            "Trademark registration, geographical indications and brand building.",
            "<p>Trademark applications take four to six months; the platform helps enterprises "
            "build brands.</p>",
        ),
    },
    {
        "slug": "guide-one-stop",
        "zh": (
            "质量基础设施一站式服务介绍",
            "依据国市监质〔2020〕177号文件建设的一站式服务平台能为企业做什么。",
            "<p>根据国家市场监督管理总局《关于深化质量基础设施“一站式”服务的意见》（国市监质〔2020〕177号），"
            "平台整合计量、标准、认证认可、检验检测、质量管理、知识产权、品牌培育等要素资源，"
            "为企业提供全链条、全方位、全过程的质量技术服务。</p>"
            "<p>企业只需提交一次需求，即可获得服务策划和服务协同。办理时请准备营业执照及统一社会信用代码。</p>",
        ),
        "en": (
            "About quality infrastructure one-stop services",
            "What the one-stop platform built under document 177 of 2020 does.",
            "<p>The platform brings metrology, standards, certification, testing, quality "
            "management, intellectual property and brand services together.</p>",
        ),
    },
    {
        "slug": "guide-usci",
        "zh": (
            "统一社会信用代码填写说明",
            "提交服务需求时如何填写18位统一社会信用代码。",
            "<p>统一社会信用代码由18位阿拉伯数字或大写英文字母组成，依据GB 32100-2015编制，"
            "最后一位是校验码，例如91440101MA5CXXXX0X。可在营业执照右上角查到。</p>",
        ),
        "en": (
            "How to enter the unified social credit code",
            "The 18-character enterprise identifier and where to find it.",
            "<p>The unified social credit code has 18 characters (GB 32100-2015); the last one is "
            "a check character.</p>",
        ),
    },
]


def load(command, home):
    section = ensure_translated_page(
        home,
        StandardPage,
        "guides",
        {"title": "办事指南", "intro": "各类质量服务怎么办、找谁办、要准备什么。"},
        {"title": "Service guides", "intro": "How to get each kind of quality service."},
        show_in_menus=True,
    )
    for guide in GUIDES:
        zh_title, zh_intro, zh_body = guide["zh"]
        en_title, en_intro, en_body = guide["en"]
        ensure_translated_page(
            section.zh,
            StandardPage,
            guide["slug"],
            {"title": zh_title, "intro": zh_intro, "body": [("text", zh_body)]},
            {"title": en_title, "intro": en_intro, "body": [("text", en_body)]},
        )
    command.stdout.write(f"  website: {len(GUIDES)} service guides")
