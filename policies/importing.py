"""Import of policies from a JSON file (format: ``docs/policy-import.md``).

Every record is checked before anything is written, and the whole import runs in one
transaction, so a file either goes in completely or not at all. A record is matched to an
existing policy by its ``id`` (stored as ``PolicyPage.external_id``), else by its ``doc_number``,
so importing the same file twice changes nothing. Relations are resolved after all records are
read, against the file and the policies already in the database.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from wagtail.models import Locale, Page

from directory.models import Element
from policies.choices import Level, PolicyStatus, PolicyType, RelationType
from policies.models import IssuingAuthority, PolicyPage, PolicyRelation
from policies.services import ensure_policy_index

# Limits are the model's, so an accepted record always saves.
MAX_TITLE = 255
MAX_DOC_NUMBER = PolicyPage._meta.get_field("doc_number").max_length
MAX_AUTHORITY = IssuingAuthority._meta.get_field("name").max_length
MAX_SUMMARY = PolicyPage._meta.get_field("summary").max_length
MAX_SOURCE_URL = PolicyPage._meta.get_field("source_url").max_length
MAX_ID = PolicyPage._meta.get_field("external_id").max_length
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# What the body HTML may keep: the page's rich-text features. Section headings become h3 (the
# page title is the h1 and the page's own sections are h2), bold/italic take Wagtail's tags.
ALLOWED_TAGS = {"p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em"}
ALLOWED_TAGS |= {"ul", "ol", "li", "a", "hr"}
RENAMED_TAGS = {"h1": "h3", "h2": "h3", "h5": "h4", "h6": "h4", "strong": "b", "em": "i"}
BLOCK_TAG = re.compile(r"<(p|h3|h4|ul|ol|hr)\b")


class PolicyImportError(Exception):
    """The file cannot be imported; ``errors`` lists every problem found."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


def sanitize_html(html):
    """Reduce imported HTML to what the rich-text editor produces: no scripts, styles,
    attributes other than link addresses, or tags the editor cannot edit."""
    # Keep table cells and rows apart once their tags are gone.
    html = re.sub(r"</t[dh]\s*>", " ", html, flags=re.I)
    html = re.sub(r"</tr\s*>", "<br>", html, flags=re.I)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )
    for old, new in RENAMED_TAGS.items():
        clean = clean.replace(f"<{old}>", f"<{new}>").replace(f"</{old}>", f"</{new}>")
    clean = re.sub(r"<a>(.*?)</a>", r"\1", clean, flags=re.S)  # links whose address was unsafe
    clean = clean.strip()
    if clean and not BLOCK_TAG.search(clean):
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", clean) if part.strip()]
        clean = "".join(f"<p>{part}</p>".replace("\n", "<br>") for part in paragraphs)
    return clean


@dataclass
class Record:
    """One checked record of the file."""

    index: int
    external_id: str
    title: str
    doc_number: str
    authority: str
    level: str
    policy_type: str
    issue_date: datetime.date
    effective_date: datetime.date | None
    expiry_date: datetime.date | None
    status: str
    summary: str
    body: str
    elements: list
    source_url: str
    relations: list  # [(relation_type, doc_number, field path)]
    translations: dict  # {language_code: {"title", "summary", "body"}}
    page: object = None  # the Chinese page, once written

    @property
    def label(self):
        return describe(self.index, self.external_id, self.doc_number)


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    translations_created: int = 0
    translations_updated: int = 0
    authorities_created: list = field(default_factory=list)
    dry_run: bool = False


def describe(index, external_id=None, doc_number=None):
    parts = [f"index {index}"]
    if external_id:
        parts.append(f"id {json.dumps(external_id, ensure_ascii=False)}")
    if doc_number:
        parts.append(f"doc_number {json.dumps(doc_number, ensure_ascii=False)}")
    return f"record {index + 1} ({', '.join(parts)})"


class _Checker:
    """Reads one raw record into a ``Record``, collecting errors that name the field."""

    def __init__(self, index, raw, errors):
        self.index, self.raw, self.errors = index, raw, errors
        external_id = raw.get("id")
        self.external_id = (
            str(external_id).strip()
            if isinstance(external_id, (str, int)) and not isinstance(external_id, bool)
            else ""
        )
        doc_number = raw.get("doc_number")
        self.doc_number = doc_number.strip() if isinstance(doc_number, str) else ""

    def error(self, field_path, message):
        label = describe(self.index, self.external_id, self.doc_number)
        self.errors.append(f"{label}, field {json.dumps(field_path)}: {message}")

    def text(self, source, key, path, required=False, max_length=None):
        value = source.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(path, "is required.")
            return ""
        if not isinstance(value, str):
            self.error(path, f"must be a string, not {json.dumps(value, ensure_ascii=False)}.")
            return ""
        value = value.strip()
        if max_length and len(value) > max_length:
            self.error(path, f"is {len(value)} characters long; at most {max_length} are allowed.")
        return value

    def choice(self, key, choices):
        value = self.raw.get(key)
        if value in (None, ""):
            self.error(key, f"is required; one of {', '.join(choices.values)}.")
            return ""
        if value not in choices.values:
            self.error(
                key,
                f"{json.dumps(value, ensure_ascii=False)} is not one of "
                f"{', '.join(choices.values)}.",
            )
            return ""
        return value

    def date(self, key, required=False):
        value = self.raw.get(key)
        if value in (None, ""):
            if required:
                self.error(key, "is required (an ISO date, YYYY-MM-DD).")
            return None
        if not isinstance(value, str) or not ISO_DATE.match(value):
            self.error(
                key, f"{json.dumps(value, ensure_ascii=False)} is not an ISO date (YYYY-MM-DD)."
            )
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.error(key, f"{json.dumps(value)} is not a real date.")
            return None

    def url(self):
        value = self.text(self.raw, "source_url", "source_url", max_length=MAX_SOURCE_URL)
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                self.error("source_url", f"{json.dumps(value)} is not an http(s) address.")
                return ""
        return value

    def elements(self, known_codes):
        value = self.raw.get("elements")
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            self.error("elements", "must be a list of element codes.")
            return []
        codes = []
        for position, code in enumerate(value):
            path = f"elements[{position}]"
            if not isinstance(code, str) or not code.strip():
                self.error(path, "must be an element code (a string).")
            elif code.strip() not in known_codes:
                self.error(
                    path,
                    f"unknown element code {json.dumps(code, ensure_ascii=False)}; known codes: "
                    f"{', '.join(sorted(known_codes))}.",
                )
            elif code.strip() not in codes:
                codes.append(code.strip())
        return codes

    def relations(self):
        value = self.raw.get("relations")
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            self.error("relations", "must be a list of {type, doc_number} objects.")
            return []
        relations = []
        for position, item in enumerate(value):
            path = f"relations[{position}]"
            if not isinstance(item, dict):
                self.error(path, "must be an object with type and doc_number.")
                continue
            relation_type = item.get("type")
            if relation_type not in RelationType.values:
                self.error(
                    f"{path}.type",
                    f"{json.dumps(relation_type, ensure_ascii=False)} is not one of "
                    f"{', '.join(RelationType.values)}.",
                )
            target = self.text(item, "doc_number", f"{path}.doc_number", required=True)
            if relation_type in RelationType.values and target:
                if target == self.doc_number:
                    self.error(f"{path}.doc_number", "a policy cannot be related to itself.")
                elif (relation_type, target) not in [(t, d) for t, d, _ in relations]:
                    relations.append((relation_type, target, f"{path}.doc_number"))
        return relations

    def translations(self, languages):
        value = self.raw.get("translations")
        if value in (None, ""):
            return {}
        if not isinstance(value, dict):
            self.error("translations", 'must be an object such as {"en": {"title": …}}.')
            return {}
        translations = {}
        for language, content in value.items():
            path = f"translations.{language}"
            if language not in languages:
                self.error(
                    path,
                    f"{json.dumps(language)} is not a translation language of this site "
                    f"({', '.join(languages)}).",
                )
                continue
            if not isinstance(content, dict):
                self.error(path, "must be an object with title, summary and body.")
                continue
            translations[language] = {
                "title": self.text(content, "title", f"{path}.title", True, MAX_TITLE),
                "summary": self.text(content, "summary", f"{path}.summary", False, MAX_SUMMARY),
                "body": sanitize_html(self.text(content, "body", f"{path}.body")),
            }
        return translations


def read_records(data, known_codes, languages):
    """Check every record; return them or raise ``PolicyImportError`` with all the errors."""
    if not isinstance(data, list):
        raise PolicyImportError(["The file must contain a JSON list of policy objects."])
    errors, records = [], []
    for index, raw in enumerate(data):
        if not isinstance(raw, dict):
            errors.append(f"{describe(index)}: must be a JSON object, not {type(raw).__name__}.")
            continue
        check = _Checker(index, raw, errors)
        raw_id = raw.get("id")
        if raw_id is not None and not check.external_id and raw_id != "":
            check.error("id", "must be a string or a whole number.")
        elif len(check.external_id) > MAX_ID:
            check.error("id", f"is longer than {MAX_ID} characters.")
        doc_number = check.text(raw, "doc_number", "doc_number", False, MAX_DOC_NUMBER)
        if not doc_number and not check.external_id:
            check.error("doc_number", "is required (it identifies a record that has no id).")
        record = Record(
            index=index,
            external_id=check.external_id,
            title=check.text(raw, "title", "title", True, MAX_TITLE),
            doc_number=doc_number,
            authority=check.text(raw, "authority", "authority", True, MAX_AUTHORITY),
            level=check.choice("level", Level),
            policy_type=check.choice("type", PolicyType),
            issue_date=check.date("issue_date", required=True),
            effective_date=check.date("effective_date"),
            expiry_date=check.date("expiry_date"),
            status=check.choice("status", PolicyStatus),
            summary=check.text(raw, "summary", "summary", False, MAX_SUMMARY),
            body=sanitize_html(check.text(raw, "body", "body")),
            elements=check.elements(known_codes),
            source_url=check.url(),
            relations=check.relations(),
            translations=check.translations(languages),
        )
        if record.issue_date and record.expiry_date and record.expiry_date < record.issue_date:
            check.error("expiry_date", "is before the issue_date.")
        records.append(record)
    _check_uniqueness(records, errors)
    if errors:
        raise PolicyImportError(errors)
    return records


def _check_uniqueness(records, errors):
    ids, doc_numbers = {}, {}
    for record in records:
        if record.external_id:
            if record.external_id in ids:
                errors.append(
                    f'{record.label}, field "id": the same id is used by '
                    f"{ids[record.external_id].label}."
                )
            ids.setdefault(record.external_id, record)
        if record.doc_number:
            if record.doc_number in doc_numbers:
                errors.append(
                    f'{record.label}, field "doc_number": the same doc_number is used by '
                    f"{doc_numbers[record.doc_number].label}."
                )
            doc_numbers.setdefault(record.doc_number, record)


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
        known_codes = set(Element.objects.filter(locale=self.locale).values_list("code", flat=True))
        records = read_records(data, known_codes, self.languages)
        existing = self._match_existing(records)
        self._check_relation_targets(records, existing)
        result = ImportResult(dry_run=dry_run)
        with transaction.atomic():
            self._write(records, existing, result)
            if dry_run:
                transaction.set_rollback(True)
        return result

    # --- Checks against the database ---------------------------------------------------------

    def _match_existing(self, records):
        """``{record.index: page}`` for records that update a policy; conflicts are errors."""
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
                    f'{record.label}, field "doc_number": already used by another policy, '
                    f"“{page_by_doc.title}”."
                )
                continue
            if not page_by_id and page_by_doc and record.external_id and page_by_doc.external_id:
                errors.append(
                    f'{record.label}, field "doc_number": already used by the policy '
                    f"“{page_by_doc.title}”, imported with id "
                    f"{json.dumps(page_by_doc.external_id, ensure_ascii=False)}."
                )
                continue
            if page is None:
                continue
            if page.pk in claimed:
                errors.append(
                    f"{record.label}: matches the same policy (“{page.title}”) as "
                    f"{claimed[page.pk].label}."
                )
                continue
            claimed[page.pk] = record
            matched[record.index] = page
        if errors:
            raise PolicyImportError(errors)
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
            f"{record.label}, field {json.dumps(path)}: no policy has the document number "
            f"{json.dumps(doc, ensure_ascii=False)}, in this file or on the site."
            for record in records
            for _kind, doc, path in record.relations
            if doc not in in_file and doc not in on_site
        ]
        if errors:
            raise PolicyImportError(errors)

    # --- Writing ----------------------------------------------------------------------------

    def _write(self, records, existing, result):
        index_page = ensure_policy_index()
        if index_page is None:
            raise PolicyImportError(
                [
                    "The site has no home page to put the policy library under; run "
                    "`manage.py load_demo` or create the home page first."
                ]
            )
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
