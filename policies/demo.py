"""Demo content of the policy library: the index page, the issuing authorities in both
languages, and the policies of ``data/demo_policies.json`` imported through the same importer as
``manage.py import_policies`` (the file doubles as a full example of the import format).

The two SAMR documents, the Standardization Law, the CCC and CMA rules and GB/T 19001 are real
documents summarised in our own words; the provincial and municipal documents and the
interpretations marked 示例 are made-up examples.
"""

import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model

from policies.choices import Level
from policies.importing import PolicyImporter
from policies.models import IssuingAuthority, PolicyPage, PolicyPageAttachment
from policies.services import ensure_policy_index
from website.page_tree import get_locales

DATA_FILE = Path(__file__).resolve().parent / "data" / "demo_policies.json"

AUTHORITIES = [
    # zh name, level, website, en name
    (
        "国家市场监督管理总局",
        Level.NATIONAL,
        "https://www.samr.gov.cn/",
        "State Administration for Market Regulation",
    ),
    (
        "国家市场监督管理总局办公厅",
        Level.NATIONAL,
        "https://www.samr.gov.cn/",
        "General Office of the State Administration for Market Regulation",
    ),
    (
        "全国人民代表大会常务委员会",
        Level.NATIONAL,
        "http://www.npc.gov.cn/",
        "Standing Committee of the National People's Congress",
    ),
    (
        "国家质量监督检验检疫总局",
        Level.NATIONAL,
        "",
        "General Administration of Quality Supervision, Inspection and Quarantine (former)",
    ),
    (
        "国家标准化管理委员会",
        Level.NATIONAL,
        "https://www.sac.gov.cn/",
        "Standardization Administration of China",
    ),
    (
        "广东省市场监督管理局",
        Level.PROVINCIAL,
        "http://amr.gd.gov.cn/",
        "Guangdong Provincial Administration for Market Regulation",
    ),
    (
        "广州市市场监督管理局",
        Level.MUNICIPAL,
        "http://scjgj.gz.gov.cn/",
        "Guangzhou Administration for Market Regulation",
    ),
    (
        "深圳市市场监督管理局",
        Level.MUNICIPAL,
        "http://amr.sz.gov.cn/",
        "Shenzhen Administration for Market Regulation",
    ),
]

ATTACHMENT_TITLE = "国市监质〔2020〕177号 示例附件（非正式文本）"


def load_authorities():
    zh, en = get_locales()
    for name, level, website, en_name in AUTHORITIES:
        authority, _ = IssuingAuthority.objects.get_or_create(
            name=name, locale=zh, defaults={"level": level, "website": website}
        )
        if authority.get_translation_or_none(en) is None:
            translation = authority.copy_for_translation(en)
            translation.name = en_name
            translation.save()


def demo_pdf(text):
    """A one-page PDF showing ``text`` (ASCII), so the attachment list has a real file."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    output, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)


def attach_demo_document():
    """Attach a stand-in PDF to 国市监质〔2020〕177号 in both languages (once)."""
    Document = get_document_model()
    document = Document.objects.filter(title=ATTACHMENT_TITLE).first()
    if document is None:
        document = Document(title=ATTACHMENT_TITLE, language="zh-hans")
        document.file.save(
            "samr-2020-177-example.pdf",
            ContentFile(demo_pdf("Example attachment - not the official text")),
            save=False,
        )
        document.save()
    for page in PolicyPage.objects.filter(doc_number="国市监质〔2020〕177号"):
        if not PolicyPageAttachment.objects.filter(page=page, document=document).exists():
            page.attachments.add(PolicyPageAttachment(document=document))
            page.save_revision(log_action=False).publish(log_action=False)


def link_demo_services():
    """Give each demo policy up to three related services, one for each of its first elements,
    in both languages (once: policies that already have related services are left alone)."""
    from directory.models import ServicePage

    zh, _en = get_locales()
    services = list(
        ServicePage.objects.live().filter(locale=zh).prefetch_related("elements").order_by("path")
    )
    linked = 0
    for policy in PolicyPage.objects.filter(locale=zh).exclude(external_id="").order_by("path"):
        if policy.related_services.exists():
            continue
        chosen = []
        for element in policy.elements.order_by("sort_order"):  # one per element, in turn
            for service in services:
                if service not in chosen and element in service.elements.all():
                    chosen.append(service)
                    break
        chosen = chosen[:3]
        if not chosen:
            continue
        for page in [policy, *[t.specific for t in policy.get_translations()]]:
            page.related_services = chosen  # localized to the page's language on save
            page.save_revision(log_action=False).publish(log_action=False)
        linked += 1
    return linked


@transaction.atomic
def load(command):
    ensure_policy_index()
    load_authorities()
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    result = PolicyImporter().run(data)
    attach_demo_document()
    link_demo_services()
    command.stdout.write(
        f"  policies: {len(data)} policies ({len(result.created)} new), "
        f"{len(AUTHORITIES)} issuing authorities"
    )
