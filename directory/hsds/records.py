"""What reading an HSDS document produces and the reader it uses: a ``Spec`` per page, the
``ImportReport`` of a run, and ``HSDSReader``, the shared record reader (``website.importing``)
taught HSDS's ways (ids, rich text, element codes, translations)."""

import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from directory.models.services import split_lines
from website.importing import RecordError, RecordReader, clean_html, paragraphs, quote
from website.page_tree import get_locales

LANGUAGES = ("en",)


def describe(collection, index=None, record_id=""):
    """How errors name a record: ``services[1] (id "svc-a2")``."""
    where = collection if index is None else f"{collection}[{index}]"
    return f"{where} (id {quote(record_id)})" if record_id else where


def record_error(collection, index, record_id, field_name, message):
    return RecordError(describe(collection, index, record_id), field_name, message)


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    dry_run: bool = False
    warnings: list = field(default_factory=list)  # defaults applied, terms ignored

    def add(self, kind, outcome):
        self.counts[(kind, outcome)] += 1

    def summary(self):
        kinds = ("provider", "service", "station", "solution")
        parts = []
        for kind in kinds:
            created = self.counts[(kind, "created")]
            updated = self.counts[(kind, "updated")]
            unchanged = self.counts[(kind, "unchanged")]
            if created or updated or unchanged:
                parts.append(
                    f"{kind}s: {created} created, {updated} updated, {unchanged} unchanged"
                )
        return "; ".join(parts) or "nothing to import"

    @property
    def changed(self):
        return any(outcome != "unchanged" for (_kind, outcome) in self.counts)


@dataclass
class Spec:
    """What the file says one page (and its translations) should be."""

    kind: str
    record_id: str
    fields: dict
    translations: dict = field(default_factory=dict)  # language -> fields
    elements: list = field(default_factory=list)
    children: list = field(default_factory=list)  # list of dicts (zh)
    child_translations: dict = field(default_factory=dict)  # language -> list of dicts
    live: bool = True
    parent_id: str | None = None
    service_ids: list = field(default_factory=list)
    addresses: list = field(default_factory=list)  # (address fields, {language: texts})
    position: tuple = ("", 0)


class HSDSReader(RecordReader):
    """Reads fields of one record of an HSDS collection."""

    numbers_as_text = True

    def __init__(self, parser, collection, index, record, model=None):
        raw_id = record.get("id") if isinstance(record, dict) else None
        self.id = str(raw_id).strip() if isinstance(raw_id, str | int) else ""
        super().__init__(parser.errors, describe(collection, index, self.id), record, model)
        self.parser = parser
        self.collection = collection
        self.index = index

    def rich_text(self, name, source=None):
        """HTML as the rich-text editor has it; plain text becomes a paragraph per line."""
        value = self.text(name, source=source)
        if value and "<" not in value:
            value = paragraphs(split_lines(value))
        return clean_html(value)

    def elements(self, name="x_elements", required=False):
        codes = []
        for item in self.list(name):
            code = self.parser.element_code(item)
            if code is None:
                self.error(
                    name,
                    f"{quote(item)} is not an element code "
                    f"({', '.join(self.parser.element_codes)}).",
                )
            else:
                codes.append(code)
        if required and not codes and not self.list(name):
            self.error(name, "needs at least one element code.")
        return list(dict.fromkeys(codes))

    def translations(self):
        value = self.record.get("x_translations") or {}
        if not isinstance(value, dict):
            self.error("x_translations", "must be an object keyed by language code.")
            return {}
        found = {}
        for language, texts in value.items():
            if language not in LANGUAGES:
                continue
            if not isinstance(texts, dict):
                self.error(f"x_translations.{language}", "must be an object.")
                continue
            found[language] = texts
        return found

    def translated_texts(self, texts, fields, names):
        """Title and summary of a translation (the summary falls back to the translated title,
        then to the Chinese summary), and the other texts ``names`` maps to file keys."""
        translated = {
            "title": self.text("name", to="title", source=texts) or fields["title"],
            "summary": self.text("description", to="summary", source=texts)
            or self.text("name", to="title", source=texts)
            or fields["summary"],
        }
        for name, key in names.items():
            translated[name] = (
                self.rich_text(key, source=texts)
                if name == "body"
                else self.text(key, to=name, source=texts)
            )
        return translated


def find_page(model, record_id, locale=None):
    """The Chinese page imported with ``record_id`` (or exported with it as translation key)."""
    zh, _en = get_locales()
    query = Q(external_id=record_id)
    try:
        query |= Q(translation_key=uuid.UUID(str(record_id)))
    except ValueError:
        pass
    return model.objects.filter(query, locale=locale or zh).order_by("pk").first()
