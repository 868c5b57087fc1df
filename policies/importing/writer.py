"""Writing checked records: authorities, the Chinese pages, their translations, the relations,
and one published revision per page that changed, in one transaction."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from wagtail.models import Locale, Page

from directory.models import Element
from directory.standard_elements import ensure_elements
from policies.importing.records import Record, read_records
from policies.models import IssuingAuthority, PolicyPage, PolicyRelation
from policies.services import ensure_policy_index
from website.importing import ImportRejected, RecordError, quote


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    translations_created: int = 0
    translations_updated: int = 0
    authorities_created: list = field(default_factory=list)
    dry_run: bool = False


@dataclass
class _Write:
    """A page this import writes, and how it was before."""

    page: PolicyPage
    record: Record
    is_new: bool
    before: tuple | None
    translation: bool = False


class PolicyImporter:
    """Checks a whole file, then writes it in one transaction: authorities, the Chinese pages,
    their translations, the relations, and one published revision per page that changed."""

    def __init__(self, stdout=None, verbosity=1):
        self.stdout = stdout
        self.verbosity = verbosity
        self.locale = Locale.get_default()
        self.languages = [
            code
            for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
            if code != self.locale.language_code
        ]

    def run(self, data, dry_run=False):
        """Check ``data`` (the parsed file) and write it; raise ``ImportRejected`` listing
        every problem, with nothing written. A dry run rolls everything back."""
        result = ImportResult(dry_run=dry_run)
        with transaction.atomic():
            # The seven element codes are the platform's; make sure they exist, as the
            # directory's import does (created once, never changed here).
            ensure_elements()
            known_codes = set(
                Element.objects.filter(locale=self.locale).values_list("code", flat=True)
            )
            records = read_records(data, known_codes, self.languages)
            existing = self._match_existing(records)
            self._check_relation_targets(records, existing)
            self._write(records, existing, result)
            if dry_run:
                transaction.set_rollback(True)
        return result

    # --- Checks against the database ---------------------------------------------------------

    def _match_existing(self, records):
        """``{record.index: page}`` for records that update a policy: the page imported with the
        record's id, else the page with its document number (which then takes the record's id).
        A record whose id and document number point at two different policies is an error."""
        ids = [r.external_id for r in records if r.external_id]
        docs = [r.doc_number for r in records if r.doc_number]
        pages = PolicyPage.objects.filter(locale=self.locale).filter(
            Q(external_id__in=ids) | Q(doc_number__in=docs)
        )
        by_id, by_doc = {}, {}
        for page in pages:
            if page.external_id:
                by_id[page.external_id] = page
            if page.doc_number:
                by_doc[page.doc_number] = page
        matched, claimed, errors = {}, {}, []
        for record in records:
            page_by_id = by_id.get(record.external_id) if record.external_id else None
            page_by_doc = by_doc.get(record.doc_number) if record.doc_number else None
            page = page_by_id or page_by_doc
            if page_by_id and page_by_doc and page_by_doc.pk != page_by_id.pk:
                errors.append(
                    RecordError(
                        record.label,
                        "doc_number",
                        f"already used by another policy, “{page_by_doc.title}”.",
                    )
                )
                continue
            if page is None:
                continue
            if page.pk in claimed:
                errors.append(
                    RecordError(
                        record.label,
                        "",
                        f"matches the same policy (“{page.title}”) as {claimed[page.pk].label}.",
                    )
                )
                continue
            claimed[page.pk] = record
            matched[record.index] = page
        if errors:
            raise ImportRejected(errors)
        return matched

    def _check_relation_targets(self, records, existing):
        """Every relation points at a document number of the file or of a policy on the site
        that this import does not renumber."""
        in_file = {r.doc_number for r in records if r.doc_number}
        wanted = {doc for r in records for _kind, doc, _path in r.relations} - in_file
        renumbered = {
            page.doc_number
            for index, page in existing.items()
            if page.doc_number and page.doc_number != records[index].doc_number
        }
        on_site = (
            set(
                PolicyPage.objects.filter(locale=self.locale, doc_number__in=wanted).values_list(
                    "doc_number", flat=True
                )
            )
            - renumbered
        )
        errors = [
            RecordError(
                record.label,
                path,
                f"no policy has the document number {quote(doc)}, in this file or on the site.",
            )
            for record in records
            for _kind, doc, path in record.relations
            if doc not in in_file and doc not in on_site
        ]
        if errors:
            raise ImportRejected(errors)

    # --- Writing ----------------------------------------------------------------------------

    def _write(self, records, existing, result):
        index_page = ensure_policy_index()
        authorities = self._authorities(records, result)
        elements = self._elements_in(self.locale)
        writes = []
        for record in records:
            page = existing.get(record.index)
            write = _Write(page, record, page is None, None if page is None else snapshot(page))
            if write.is_new:
                page = write.page = PolicyPage(slug=self._slug(index_page, record))
            set_metadata(page, record, authorities[record.authority], elements)
            set_texts(page, record.title, record.summary, record.body)
            if write.is_new:
                index_page.add_child(instance=page)
            record.page = page
            writes.append(write)

        for code in self.languages:
            locale = Locale.objects.get_or_create(language_code=code)[0]
            for record in records:
                write = self._translate(record, locale, authorities[record.authority])
                if write is not None:
                    writes.append(write)

        targets = self._relation_targets(records)
        for write in writes:
            self._set_relations(write, targets)

        for write in writes:
            changed = (
                write.is_new
                or write.before != snapshot(write.page)
                or not write.page.live
                or write.page.has_unpublished_changes
            )
            if changed:
                write.page.save_revision(log_action=True).publish(log_action=True)
            if write.translation:
                if write.is_new:
                    result.translations_created += 1
                elif changed:
                    result.translations_updated += 1
            else:
                bucket = (
                    result.created
                    if write.is_new
                    else (result.updated if changed else result.unchanged)
                )
                bucket.append(write.record)
                if self.stdout is not None and self.verbosity >= 2:
                    state = "created" if write.is_new else ("updated" if changed else "unchanged")
                    self.stdout.write(f"  {state}: {write.record.label} {write.record.title}")

    def _authorities(self, records, result):
        """The Chinese authority of every record by name, created when missing."""
        names = {r.authority for r in records}
        found = {
            a.name: a for a in IssuingAuthority.objects.filter(locale=self.locale, name__in=names)
        }
        for record in records:
            if record.authority not in found:
                found[record.authority] = IssuingAuthority.objects.create(
                    name=record.authority, level=record.level, locale=self.locale
                )
                result.authorities_created.append(record.authority)
        return found

    def _elements_in(self, locale):
        """Elements by code in ``locale``, falling back to the Chinese ones."""
        elements = {e.code: e for e in Element.objects.filter(locale=self.locale)}
        if locale != self.locale:
            elements.update({e.code: e for e in Element.objects.filter(locale=locale)})
        return elements

    def _slug(self, index_page, record):
        base = slugify(record.external_id) if record.external_id else ""
        if not base:
            base = slugify(record.doc_number or record.title, allow_unicode=True) or "policy"
        base = base[:200]
        slug, number = base, 1
        while not Page._slug_is_available(slug, index_page):
            number += 1
            slug = f"{base}-{number}"
        return slug

    def _translate(self, record, locale, authority):
        """The page of ``record`` in ``locale``: texts from ``translations``, everything else
        from the record. Without a translation in the file an existing translated page keeps
        its texts and only follows the metadata; none is created."""
        source = record.page
        content = record.translations.get(locale.language_code)
        page = PolicyPage.objects.filter(
            translation_key=source.translation_key, locale=locale
        ).first()
        if page is None and content is None:
            return None
        write = _Write(page, record, page is None, None if page is None else snapshot(page), True)
        if write.is_new:
            parent = source.get_parent().specific
            if parent.get_translation_or_none(locale) is None:
                parent_copy = parent.copy_for_translation(locale, copy_parents=True)
                parent_copy.save_revision(log_action=True).publish(log_action=True)
            page = write.page = source.copy_for_translation(locale)
        translated_authority = authority.get_translation_or_none(locale)
        if translated_authority is None:
            translated_authority = authority.copy_for_translation(locale)
            translated_authority.save()
        set_metadata(page, record, translated_authority, self._elements_in(locale))
        if content is not None:
            set_texts(page, content["title"], content["summary"], content["body"])
        if write.is_new:
            page.save()
        return write

    def _relation_targets(self, records):
        """Every relation target, by document number, with its pages in each language."""
        by_doc = {r.doc_number: r.page for r in records if r.doc_number}
        wanted = {doc for r in records for _kind, doc, _path in r.relations} - set(by_doc)
        for page in PolicyPage.objects.filter(locale=self.locale, doc_number__in=wanted):
            by_doc[page.doc_number] = page
        keys = {page.translation_key for page in by_doc.values()}
        localized = {
            (page.translation_key, page.locale_id): page.pk
            for page in PolicyPage.objects.filter(translation_key__in=keys).only(
                "translation_key", "locale_id"
            )
        }
        return by_doc, localized

    @staticmethod
    def _set_relations(write, targets):
        """The page's relations as the record lists them, each pointing at the target in the
        page's own language when it exists."""
        by_doc, localized = targets
        page = write.page
        wanted = []
        for kind, doc, _path in write.record.relations:
            target = by_doc[doc]
            target_pk = localized.get((target.translation_key, page.locale_id), target.pk)
            wanted.append((kind, target_pk))
        current = [(r.relation_type, r.to_policy_id) for r in page.relations.all()]
        if sorted(current) != sorted(wanted):
            page.relations = [
                PolicyRelation(relation_type=kind, to_policy_id=pk) for kind, pk in wanted
            ]


def set_metadata(page, record, authority, elements):
    page.doc_number = record.doc_number
    page.authority = authority
    page.level = record.level
    page.policy_type = record.policy_type
    page.issue_date = record.issue_date
    page.effective_date = record.effective_date
    page.expiry_date = record.expiry_date
    page.status = record.status
    page.source_url = record.source_url
    if record.external_id:
        page.external_id = record.external_id
    page.elements = [elements[code] for code in record.elements]


def set_texts(page, title, summary, body):
    page.title = page.draft_title = title
    page.summary = summary
    page.body = [("text", body)] if body else []


def snapshot(page):
    """What the import writes of a page, to tell whether a record changed anything."""
    return (
        page.title,
        page.doc_number,
        page.authority_id,
        page.level,
        page.policy_type,
        page.issue_date,
        page.effective_date,
        page.expiry_date,
        page.status,
        page.summary,
        [(child.block_type, child.block.get_prep_value(child.value)) for child in page.body],
        page.source_url,
        page.external_id,
        sorted(element.pk for element in page.elements.all()),
        sorted((r.relation_type, r.to_policy_id) for r in page.relations.all()),
    )
