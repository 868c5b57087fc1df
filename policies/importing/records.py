"""Reading an import file: every record checked field by field into a ``Record``, the body HTML
cleaned. Nothing here writes to the database; errors name the record and the field."""

import datetime
import re
from dataclasses import dataclass

from policies.models import IssuingAuthority, PolicyPage, PolicyRelation
from website.importing import (
    ImportRejected,
    RecordError,
    RecordReader,
    clean_html,
    has_blocks,
    model_field,
    paragraphs,
    quote,
)


def sanitize_html(html):
    """The body as the rich-text editor would have it; plain text becomes paragraphs (a blank
    line between them, a single line break kept)."""
    clean = clean_html(html)
    if clean and not has_blocks(clean):
        clean = paragraphs(part.strip() for part in re.split(r"\n\s*\n", clean))
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
        parts.append(f"id {quote(external_id)}")
    if doc_number:
        parts.append(f"doc_number {quote(doc_number)}")
    return f"record {index + 1} ({', '.join(parts)})"


class PolicyReader(RecordReader):
    """Reads one raw record into a ``Record``."""

    def __init__(self, index, raw, errors):
        external_id = raw.get("id")
        self.external_id = (
            str(external_id).strip()
            if isinstance(external_id, (str, int)) and not isinstance(external_id, bool)
            else ""
        )
        doc_number = raw.get("doc_number")
        self.doc_number = doc_number.strip() if isinstance(doc_number, str) else ""
        super().__init__(
            errors, describe(index, self.external_id, self.doc_number), raw, PolicyPage
        )
        self.index = index

    def identity(self):
        raw_id = self.record.get("id")
        longest = model_field(PolicyPage, "external_id").max_length
        if raw_id is not None and not self.external_id and raw_id != "":
            self.error("id", "must be a string or a whole number.")
        elif len(self.external_id) > longest:
            self.error("id", f"is longer than {longest} characters.")
        doc_number = self.text("doc_number", to="doc_number")
        if not doc_number and not self.external_id:
            self.error("doc_number", "is required (it identifies a record that has no id).")
        return doc_number

    def elements(self, known_codes):
        codes = []
        for position, code in enumerate(self.list("elements", what="element codes")):
            path = f"elements[{position}]"
            if not isinstance(code, str) or not code.strip():
                self.error(path, "must be an element code (a string).")
            elif code.strip() not in known_codes:
                self.error(
                    path,
                    f"unknown element code {quote(code)}; known codes: "
                    f"{', '.join(sorted(known_codes))}.",
                )
            elif code.strip() not in codes:
                codes.append(code.strip())
        return codes

    def relations(self):
        relations = []
        types = [value for value, _label in model_field(PolicyRelation, "relation_type").choices]
        for position, item in enumerate(self.list("relations", what="{type, doc_number} objects")):
            path = f"relations[{position}]"
            if not isinstance(item, dict):
                self.error(path, "must be an object with type and doc_number.")
                continue
            relation_type = item.get("type")
            if relation_type not in types:
                self.error(
                    f"{path}.type", f"{quote(relation_type)} is not one of {', '.join(types)}."
                )
            target = self.text("doc_number", source=item, path=f"{path}.doc_number", required=True)
            if relation_type in types and target:
                if target == self.doc_number:
                    self.error(f"{path}.doc_number", "a policy cannot be related to itself.")
                elif (relation_type, target) not in [(t, d) for t, d, _ in relations]:
                    relations.append((relation_type, target, f"{path}.doc_number"))
        return relations

    def translations(self, languages):
        value = self.record.get("translations")
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
                    f"{quote(language)} is not a translation language of this site "
                    f"({', '.join(languages)}).",
                )
                continue
            if not isinstance(content, dict):
                self.error(path, "must be an object with title, summary and body.")
                continue
            translations[language] = {
                "title": self.text(
                    "title", to="title", source=content, path=f"{path}.title", required=True
                ),
                "summary": self.text(
                    "summary", to="summary", source=content, path=f"{path}.summary"
                ),
                "body": sanitize_html(self.text("body", source=content, path=f"{path}.body")),
            }
        return translations

    def read(self, known_codes, languages):
        doc_number = self.identity()
        record = Record(
            index=self.index,
            external_id=self.external_id,
            title=self.text("title", to="title", required=True),
            doc_number=doc_number,
            authority=self.text("authority", to="name", model=IssuingAuthority, required=True),
            level=self.choice("level", to="level", default="", required=True),
            policy_type=self.choice("type", to="policy_type", default="", required=True),
            issue_date=self.date("issue_date", required=True),
            effective_date=self.date("effective_date"),
            expiry_date=self.date("expiry_date"),
            status=self.choice("status", to="status", default="", required=True),
            summary=self.text("summary", to="summary"),
            body=sanitize_html(self.text("body")),
            elements=self.elements(known_codes),
            source_url=self.url("source_url", to="source_url"),
            relations=self.relations(),
            translations=self.translations(languages),
        )
        if record.issue_date and record.expiry_date and record.expiry_date < record.issue_date:
            self.error("expiry_date", "is before the issue_date.")
        return record


def read_records(data, known_codes, languages):
    """Check every record; return them or raise ``ImportRejected`` with all the errors."""
    if not isinstance(data, list):
        raise ImportRejected(
            [RecordError("file", "", "must contain a JSON list of policy objects.")]
        )
    errors, records = [], []
    for index, raw in enumerate(data):
        if not isinstance(raw, dict):
            errors.append(
                RecordError(
                    describe(index), "", f"must be a JSON object, not {type(raw).__name__}."
                )
            )
            continue
        records.append(PolicyReader(index, raw, errors).read(known_codes, languages))
    _check_uniqueness(records, errors)
    if errors:
        raise ImportRejected(errors)
    return records


def _check_uniqueness(records, errors):
    for name, attribute in (("id", "external_id"), ("doc_number", "doc_number")):
        seen = {}
        for record in records:
            value = getattr(record, attribute)
            if value in seen:
                errors.append(
                    RecordError(
                        record.label, name, f"the same {name} is used by {seen[value].label}."
                    )
                )
            elif value:
                seen[value] = record
