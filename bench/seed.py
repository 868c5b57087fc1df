"""Bulk seeding for the benchmarks: thousands of live services and policies in seconds.

The page API (``add_child``, revisions, publishing) costs a dozen queries per page, which makes
10,000 services and 10,000 policies a matter of an hour on a shared machine. Here pages are
inserted in batches straight into the tree: the tree paths are computed (treebeard's own
encoding), the ``wagtailcore_page`` rows go in with ``bulk_create`` and the specific tables with
one multi-row INSERT per batch; no revisions, no search indexing, no signals. Only for benchmark
databases (``bench.ratio``, ``bench.profile_pages``), never for a site.

    seed_services(10_000)     # under the demo's Chinese directory, 50 per new provider
    seed_policies(10_000)     # under the Chinese policy index
"""

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

BATCH = 500


def _next_step(parent):
    last = parent.get_last_child()
    return Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1


def bulk_pages(parent, pages):
    """Insert ``pages`` (unsaved instances of one specific page model, ``title`` and ``slug``
    set) live as the last children of ``parent``; returns them with their primary keys."""
    if not pages:
        return pages
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    step = _next_step(parent)
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    with transaction.atomic():
        for start in range(0, len(pages), BATCH):
            chunk = pages[start : start + BATCH]
            for offset, page in enumerate(chunk):
                page.path = Page._get_path(parent.path, parent.depth + 1, step + start + offset)
                page.depth = parent.depth + 1
                page.numchild = 0
                page.url_path = f"{parent.url_path}{page.slug}/"
                page.draft_title = page.title
                page.live = True
                page.has_unpublished_changes = False
                page.first_published_at = page.last_published_at = now
                page.content_type_id = content_type.pk
                page.locale_id = parent.locale_id
                page.translation_key = uuid.uuid4()
            bases = Page.objects.bulk_create(
                [Page(**{f.attname: getattr(p, f.attname) for f in base_fields}) for p in chunk]
            )
            for page, base in zip(chunk, bases, strict=True):
                page.page_ptr_id = page.id = base.pk
            model._base_manager._insert(
                chunk, fields=model._meta.local_concrete_fields, using="default"
            )
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
        parent.numchild += len(pages)
    return pages


def _through(field, rows):
    """Rows of a many-to-many (``[(page, [related, ...]), ...]``) in one bulk insert."""
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    through.objects.bulk_create(
        [
            through(**{f"{source}_id": page.pk, f"{target}_id": other.pk})
            for page, others in rows
            for other in others
        ],
        batch_size=BATCH,
    )


def seed_services(count, per_provider=50, providers=None):
    """``count`` services spread over new providers (made through the factories, so they carry
    addresses and credentials) under the Chinese directory, or over the given ``providers``."""
    from directory.choices import FeeType
    from directory.factories import CHANNEL_SETS, add_provider
    from directory.models import Element, ProviderIndexPage, ProviderPage, ServicePage
    from directory.services import ensure_index_pages

    pairs = ensure_index_pages()
    provider_index = pairs[ProviderIndexPage].zh
    elements = list(
        Element.objects.filter(locale_id=provider_index.locale_id).order_by("sort_order")
    )
    if providers:
        per_provider = -(-count // len(providers))
    else:
        first = ProviderPage.objects.count()
        providers = [
            add_provider(provider_index, first + n, elements[n % 3 : n % 3 + 2])
            for n in range(max(1, -(-count // per_provider)))
        ]
    start = ServicePage.objects.count()
    rows = []
    for index, provider in enumerate(providers):
        provider.refresh_from_db(fields=["numchild", "path", "url_path", "depth"])
        numbers = range(start + index * per_provider, start + (index + 1) * per_provider)
        services = [
            ServicePage(
                title=f"基准服务{number:05d}",
                slug=f"bench-service-{number:05d}",
                summary=f"第 {number} 号基准服务：检验检测、计量校准与认证咨询。",
                what_you_get="检测报告。",
                eligibility="所有企业。",
                process="提交申请\n送样\n出具报告",
                fee_type=FeeType.FREE if number % 3 == 0 else FeeType.CHARGED,
                fee_description="按项目收费。",
                turnaround_days=1 + number % 20,
                channels=CHANNEL_SETS[number % len(CHANNEL_SETS)],
                materials="营业执照\n样品",
                featured=False,
                provider=provider,
            )
            for number in numbers
            if number < start + count
        ]
        bulk_pages(provider, services)
        rows += [
            (s, [elements[n % len(elements)], elements[(n + 3) % len(elements)]])
            for n, s in enumerate(services, start=index)
        ]
    _through(ServicePage._meta.get_field("elements"), rows)
    return [service for service, _ in rows]


def seed_policies(count):
    """``count`` live policies under the Chinese policy index, each with two elements."""
    from wagtail.models import Locale

    from directory.models import Element
    from policies.choices import Level, PolicyStatus, PolicyType
    from policies.models import IssuingAuthority, PolicyPage
    from policies.services import get_policy_index

    zh = Locale.get_default()
    index_page = get_policy_index(zh)
    authorities = list(IssuingAuthority.objects.filter(locale=zh).order_by("pk"))
    elements = list(Element.objects.filter(locale=zh).order_by("sort_order"))
    start = PolicyPage.objects.count()
    policies = [
        PolicyPage(
            title=f"基准测试政策文件第{number}号：关于质量基础设施服务的通知",
            slug=f"bench-policy-{number}",
            doc_number=f"基准〔{2010 + number % 15}〕{number}号",
            authority=authorities[number % len(authorities)],
            level=Level.values[number % 3],
            policy_type=PolicyType.values[number % len(PolicyType.values)],
            status=PolicyStatus.values[number % 3],
            issue_date=datetime.date(2010 + number % 15, 1 + number % 12, 1 + number % 28),
            summary="为企业提供计量、标准、认证认可、检验检测等一站式质量技术服务。",
            body=[("text", "<p>正文段落。</p>" * 5)],
        )
        for number in range(start, start + count)
    ]
    bulk_pages(index_page, policies)
    _through(
        PolicyPage._meta.get_field("elements"),
        [
            (p, [elements[n % len(elements)], elements[(n + 2) % len(elements)]])
            for n, p in enumerate(policies)
        ],
    )
    return policies
