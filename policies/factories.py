"""Builders of policy-library objects for the tests and the benchmark: real pages, saved and
published through Wagtail like an editor would, with an English translation on request."""

import datetime
import itertools

from wagtail.models import Locale

from policies.choices import Level, PolicyStatus, PolicyType
from policies.models import IssuingAuthority, PolicyPage, PolicyRelation

_numbers = itertools.count(1)


def create_authority(name=None, level=Level.NATIONAL, locale=None, en_name=None, website=""):
    """An authority in the default language, and its English translation when ``en_name``."""
    locale = locale or Locale.get_default()
    authority = IssuingAuthority.objects.create(
        name=name or f"发文机关{next(_numbers)}", level=level, website=website, locale=locale
    )
    if en_name:
        translation = authority.copy_for_translation(Locale.objects.get(language_code="en"))
        translation.name = en_name
        translation.save()
    return authority


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def create_policy(
    index_page,
    *,
    authority,
    title=None,
    doc_number=None,
    level=Level.NATIONAL,
    policy_type=PolicyType.NORMATIVE,
    status=PolicyStatus.IN_FORCE,
    issue_date=datetime.date(2021, 1, 1),
    effective_date=None,
    expiry_date=None,
    summary="",
    body=None,
    elements=(),
    relations=(),
    related_services=(),
    source_url="",
    en=None,
    live=True,
):
    """A published ``PolicyPage`` under ``index_page``; ``relations`` is a list of
    ``(relation_type, target_page)``; ``en`` a dict of fields for an English translation (which
    links the English authority, elements and services where they exist)."""
    number = next(_numbers)
    page = PolicyPage(
        title=title or f"政策文件{number}",
        slug=f"policy-{number}",
        doc_number=f"测试〔2021〕{number}号" if doc_number is None else doc_number,
        authority=authority,
        level=level,
        policy_type=policy_type,
        status=status,
        issue_date=issue_date,
        effective_date=effective_date,
        expiry_date=expiry_date,
        summary=summary,
        body=body or [],
        source_url=source_url,
        live=live,
    )
    page.elements = list(elements)
    page.related_services = list(related_services)
    page.relations = [
        PolicyRelation(relation_type=kind, to_policy=target) for kind, target in relations
    ]
    index_page.add_child(instance=page)
    if live:
        publish(page)
    if en is not None:
        translate_policy(page, **en)
    return page


def translate_policy(page, **fields):
    """Publish the English translation of ``page`` with ``fields`` set."""
    translation = page.copy_for_translation(Locale.objects.get(language_code="en"))
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return publish(translation)
