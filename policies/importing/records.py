"""Reading an import file: every record checked field by field into a ``Record``, the body HTML
sanitised. Nothing here writes to the database; errors name the record and the field."""

import datetime
import json
import re
from dataclasses import dataclass

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from policies.choices import Level, PolicyStatus, PolicyType, RelationType
from policies.models import IssuingAuthority, PolicyPage

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
