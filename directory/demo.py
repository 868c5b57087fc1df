"""Demo content of the directory: the seven elements in Chinese with English translations."""

from django.db import transaction

from directory.models import Element, ElementKind
from website.demo import get_locales

ELEMENTS = [
    # code, kind, icon, zh name, zh summary, en name, en summary
    (
        "metrology",
        ElementKind.CORE,
        "metrology",
        "计量",
        "计量器具检定校准、测量能力提升和计量技术咨询。",
        "Metrology",
        "Verification and calibration of instruments, measurement capability, advice.",
    ),
    (
        "standards",
        ElementKind.CORE,
        "standards",
        "标准",
        "标准查询、企业标准制定与自我声明、标准化良好行为。",
        "Standards",
        "Finding standards, drafting enterprise standards and self-declaration.",
    ),
    (
        "certification",
        ElementKind.CORE,
        "certification",
        "认证认可",
        "管理体系认证、产品认证和强制性产品认证（CCC）辅导。",
        "Certification & accreditation",
        "Management system, product and CCC certification.",
    ),
    (
        "testing",
        ElementKind.CORE,
        "testing",
        "检验检测",
        "产品检验检测、委托检测和实验室能力建设。",
        "Inspection & testing",
        "Product inspection and testing, and laboratory capability.",
    ),
    (
        "quality-management",
        ElementKind.CORE,
        "quality-management",
        "质量管理",
        "质量管理体系建设、质量诊断和质量提升。",
        "Quality management",
        "Quality management systems, diagnosis and improvement.",
    ),
    (
        "ip",
        ElementKind.EXTENDED,
        "ip",
        "知识产权",
        "专利、商标申请与知识产权保护。",
        "Intellectual property",
        "Patents, trademarks and protection of intellectual property.",
    ),
    (
        "brand",
        ElementKind.EXTENDED,
        "brand",
        "品牌培育",
        "品牌建设、“粤字号”等区域品牌培育。",
        "Brand cultivation",
        "Brand building and regional brand programmes.",
    ),
]


@transaction.atomic
def load_elements():
    zh, en = get_locales()
    elements = {}
    for order, (code, kind, icon, zh_name, zh_summary, en_name, en_summary) in enumerate(ELEMENTS):
        element = Element.objects.filter(code=code, locale=zh).first()
        if element is None:
            element = Element.objects.create(
                code=code,
                kind=kind,
                icon=icon,
                name=zh_name,
                summary=zh_summary,
                sort_order=order,
                locale=zh,
            )
        if not Element.objects.filter(translation_key=element.translation_key, locale=en).exists():
            translation = element.copy_for_translation(en)
            translation.name = en_name
            translation.summary = en_summary
            translation.save()
        elements[code] = element
    return elements


def load(command):
    elements = load_elements()
    command.stdout.write(f"  directory: {len(elements)} elements")
