"""The seven standard elements (要素) of quality infrastructure services, in Chinese and English.

The codes are fixed by the platform (URLs, imports, routing rules and SLA targets use them); the
import command and the demo both make sure these exist, and editors may refine the texts.
"""

from dataclasses import dataclass

from django.db import transaction

from directory.choices import ElementKind
from directory.models import Element
from website.page_tree import get_locales


@dataclass(frozen=True)
class StandardElement:
    code: str
    kind: str
    zh_name: str
    zh_summary: str
    zh_description: str
    en_name: str
    en_summary: str
    en_description: str


STANDARD_ELEMENTS = [
    StandardElement(
        "metrology",
        ElementKind.CORE,
        "计量",
        "计量器具检定校准、测量能力提升和计量技术咨询。",
        "<p>计量是质量的基础。企业的电子秤、压力表、温度计、三坐标测量机等测量设备需要定期检定或校准，"
        "测量结果才可靠、可追溯。平台汇集法定计量检定机构和获 CNAS 认可的校准实验室，提供强制检定、"
        "委托校准、测量管理体系建设和计量技术咨询。</p>",
        "Metrology",
        "Verification and calibration of instruments, measurement capability, advice.",
        "<p>Measurement is the basis of quality. Scales, pressure gauges, thermometers and "
        "coordinate measuring machines must be verified or calibrated regularly so that results "
        "are reliable and traceable. The platform brings together legal metrology institutes and "
        "CNAS-accredited calibration laboratories for mandatory verification, calibration, "
        "measurement management systems and advice.</p>",
    ),
    StandardElement(
        "standards",
        ElementKind.CORE,
        "标准",
        "标准查询、企业标准制定与自我声明、标准化良好行为。",
        "<p>标准决定产品做到什么程度。平台帮助企业查询和解读国家、行业、地方与团体标准，"
        "起草企业标准并在企业标准信息公共服务平台自我声明公开，参与标准制定，开展标准化良好行为评价。</p>",
        "Standards",
        "Finding standards, drafting enterprise standards and self-declaration.",
        "<p>Standards decide how good a product must be. The platform helps enterprises find and "
        "understand national, sector, local and association standards, draft enterprise standards "
        "and declare them publicly, take part in standard setting, and assess good "
        "standardisation practice.</p>",
    ),
    StandardElement(
        "certification",
        ElementKind.CORE,
        "认证认可",
        "管理体系认证、产品认证和强制性产品认证（CCC）辅导。",
        "<p>认证是市场的通行证。平台对接经国家认监委批准的认证机构，提供质量、环境、职业健康安全等"
        "管理体系认证，强制性产品认证（CCC）和自愿性产品认证，以及出口所需的国际认证咨询。</p>",
        "Certification & accreditation",
        "Management system, product and CCC certification.",
        "<p>Certification opens markets. The platform connects enterprises with certification "
        "bodies approved by CNCA for quality, environmental and occupational health and safety "
        "management systems, compulsory product certification (CCC), voluntary product "
        "certification and advice on certificates needed for export.</p>",
    ),
    StandardElement(
        "testing",
        ElementKind.CORE,
        "检验检测",
        "产品检验检测、委托检测和实验室能力建设。",
        "<p>检验检测用数据说话。平台汇集取得 CMA 资质认定和 CNAS 认可的检验检测机构，"
        "提供产品委托检测、型式试验、出口检测、失效分析和企业实验室能力建设服务。</p>",
        "Inspection & testing",
        "Product inspection and testing, and laboratory capability.",
        "<p>Testing lets data speak. The platform brings together inspection and testing bodies "
        "with CMA qualification and CNAS accreditation for commissioned testing, type testing, "
        "export testing, failure analysis and building in-house laboratory capability.</p>",
    ),
    StandardElement(
        "quality-management",
        ElementKind.CORE,
        "质量管理",
        "质量管理体系建设、质量诊断和质量提升。",
        "<p>质量管理让好产品可以重复做出来。平台组织专家为企业开展质量诊断，辅导建立和改进质量管理体系，"
        "推广卓越绩效、六西格玛、精益生产等先进质量方法，并支持企业申报各级质量奖。</p>",
        "Quality management",
        "Quality management systems, diagnosis and improvement.",
        "<p>Quality management makes good products repeatable. Experts diagnose an enterprise's "
        "quality, help build and improve its management system, introduce methods such as "
        "performance excellence, Six Sigma and lean production, and support quality award "
        "applications.</p>",
    ),
    StandardElement(
        "ip",
        ElementKind.EXTENDED,
        "知识产权",
        "专利、商标申请与知识产权保护。",
        "<p>知识产权保护企业的创新成果。平台提供专利检索与布局、商标注册、知识产权贯标"
        "（GB/T 29490）和维权援助服务。</p>",
        "Intellectual property",
        "Patents, trademarks and protection of intellectual property.",
        "<p>Intellectual property protects an enterprise's innovations. The platform offers patent "
        "searches and portfolio planning, trademark registration, IP management to GB/T 29490 and "
        "help with enforcement.</p>",
    ),
    StandardElement(
        "brand",
        ElementKind.EXTENDED,
        "品牌培育",
        "品牌建设、“粤字号”等区域品牌培育。",
        "<p>品牌让质量被市场认得出。平台帮助企业开展品牌诊断和品牌管理体系建设，培育区域公用品牌和"
        "“粤字号”农业品牌，推广“湾区认证”等高端品质认证。</p>",
        "Brand cultivation",
        "Brand building and regional brand programmes.",
        "<p>A brand lets the market recognise quality. The platform helps enterprises diagnose and "
        "manage their brands, grow regional brands and the Yue agricultural brands, and take up "
        "premium quality marks such as Greater Bay Area certification.</p>",
    ),
]


@transaction.atomic
def ensure_elements():
    """Create the standard elements and their English translations where missing; existing ones
    are left as editors made them. Returns ``{code: zh-hans Element}``."""
    zh, en = get_locales()
    elements = {}
    for order, spec in enumerate(STANDARD_ELEMENTS):
        element = Element.objects.filter(code=spec.code, locale=zh).first()
        if element is None:
            element = Element.objects.create(
                code=spec.code,
                kind=spec.kind,
                icon=spec.code,
                name=spec.zh_name,
                summary=spec.zh_summary,
                description=spec.zh_description,
                sort_order=order,
                locale=zh,
            )
        if not Element.objects.filter(translation_key=element.translation_key, locale=en).exists():
            translation = element.copy_for_translation(en)
            translation.name = spec.en_name
            translation.summary = spec.en_summary
            translation.description = spec.en_description
            translation.save()
        elements[spec.code] = element
    return elements
