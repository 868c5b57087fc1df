"""Import an HSDS 3.0 document into the directory: all or nothing, idempotent by record id.

Two phases. ``directory.hsds.parser`` reads every record into plain values and collects every error
it finds; nothing is written while any error remains. The ``Applier`` here then writes inside one
transaction, comparing each page with what the file says and saving a new revision only where
something differs, so importing the same file twice changes nothing. A database-level failure while
applying rolls the whole import back and is reported with the record it happened on.
"""

import json
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from directory.hsds.export import NAMESPACE
from directory.hsds.parser import (
    HSDSImportError,
    ImportReport,
    Parser,
    RecordError,
    find_page,
)
from directory.models import (
    DirectoryIndexPage,
    Element,
    ProviderAddress,
    ProviderCredential,
    ProviderIndexPage,
    ProviderPage,
    ServicePage,
    SolutionPage,
    SolutionStep,
    StationIndexPage,
    StationPage,
)

__all__ = ["HSDSImportError", "ImportReport", "find_page", "import_directory", "read_file"]

# --- Applying ----------------------------------------------------------------------------------

MODEL_FIELDS_IN_FILE = {
    "title": "name",
    "summary": "description",
    "short_name": "alternate_name",
    "uscc": "tax_id",
    "website": "website",
    "email": "email",
    "provider_type": "x_provider_type",
    "elements": "x_elements",
    "channels": "x_channels",
    "fee_type": "x_fee",
    "turnaround_days": "x_turnaround_days",
    "online_url": "url",
    "city": "addresses[0].city",
    "address": "addresses[0].address_1",
    "slug": "name",
}


def _child_key(page_key, kind, position):
    """Children of a page and of its translations share translation keys position by position."""
    return uuid.uuid5(NAMESPACE, f"{page_key}/{kind}/{position}")


class Applier:
    """Writes parsed specs to pages, comparing first so unchanged pages get no new revision."""

    CHILD_FIELDS = {
        ProviderCredential: (
            "scheme",
            "number",
            "scope",
            "valid_from",
            "valid_until",
            "translation_key",
        ),
        ProviderAddress: (
            "label",
            "city",
            "street",
            "postal_code",
            "latitude",
            "longitude",
            "translation_key",
        ),
        SolutionStep: ("service_id", "title", "explanation", "translation_key"),
    }

    def __init__(self, parsed, report):
        from website.page_tree import get_locales

        self.parsed = parsed
        self.report = report
        self.zh, self.en = get_locales()
        self.locales = {"en": self.en}
        self.pages = {}  # (kind, record id) -> zh page

    def run(self):
        from directory.services import ensure_index_pages
        from directory.standard_elements import ensure_elements

        ensure_elements()
        self.elements = {
            (element.code, element.locale_id): element for element in Element.objects.all()
        }
        indexes = ensure_index_pages()
        self.index = {model: pair.zh for model, pair in indexes.items()}
        for specs, function in (
            (self.parsed.providers, self._provider),
            (self.parsed.services, self._service),
            (self.parsed.stations, self._station),
            (self.parsed.solutions, self._solution),
        ):
            for spec in specs.values():
                self._guard(spec, function)

    def _guard(self, spec, function):
        try:
            return function(spec)
        except ValidationError as error:
            collection, index = spec.position
            details = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            raise HSDSImportError(
                [
                    RecordError(
                        collection,
                        index,
                        spec.record_id,
                        MODEL_FIELDS_IN_FILE.get(name, name),
                        " ".join(str(message) for message in messages),
                    )
                    for name, messages in details.items()
                ]
            ) from error

    # --- one page ---

    def _sync(
        self,
        spec,
        model,
        parent,
        existing,
        fields,
        locale,
        *,
        translation_key=None,
        slug=None,
        elements=None,
        relations=None,
        m2m=None,
        live=True,
    ):
        """Create or update one page so it says what ``fields`` and the relations say."""
        relations = relations or {}
        m2m = m2m or {}
        if existing is not None:
            page = existing.specific
            if not page.external_id and fields.get("external_id") == str(page.translation_key):
                # Exported from this site under its translation key: nothing to record.
                fields = {**fields, "external_id": ""}
            moved = page.get_parent().pk != parent.pk
            if moved:
                page.move(parent, pos="last-child")
                page = model.objects.get(pk=page.pk)
            current = page if page.live else page.get_latest_revision_as_object()
            unchanged = (
                not moved
                and page.live == live
                and (not live or not page.has_unpublished_changes)
                and self._state(current, fields, elements, relations, m2m)
                == self._wanted(fields, elements, relations, m2m)
            )
            if unchanged:
                return page, "unchanged"
            if not page.live:
                page = current
            outcome = "updated"
        else:
            page = model(locale=locale, slug=self._unique_slug(parent, slug or spec.record_id))
            if translation_key is not None:
                page.translation_key = translation_key
            outcome = "created"
        for name, value in fields.items():
            setattr(page, name, value)
        if elements is not None:
            page.elements = elements
        for name, objects in m2m.items():
            setattr(page, name, objects)
        for name, children in relations.items():
            old = list(getattr(page, name).all()) if page.pk else []
            for position, child in enumerate(children):
                if position < len(old):
                    child.pk = old[position].pk
            setattr(page, name, children)
        if outcome == "created":
            page.live = live
            parent.add_child(instance=page)
        revision = page.save_revision(log_action=False)
        if live:
            revision.publish(log_action=False)
        elif page.live:
            page.unpublish(log_action=False)
        return page, outcome

    def _state(self, page, fields, elements, relations, m2m):
        state = {name: getattr(page, name) for name in fields}
        if elements is not None:
            state["elements"] = sorted(element.pk for element in page.elements.all())
        for name in relations:
            state[name] = [self._child_state(child) for child in getattr(page, name).all()]
        for name in m2m:
            state[name] = sorted(item.pk for item in getattr(page, name).all())
        return state

    def _wanted(self, fields, elements, relations, m2m):
        state = dict(fields)
        if elements is not None:
            state["elements"] = sorted(element.pk for element in elements)
        for name, children in relations.items():
            state[name] = [self._child_state(child) for child in children]
        for name, objects in m2m.items():
            state[name] = sorted(item.pk for item in objects)
        return state

    def _child_state(self, child):
        names = self.CHILD_FIELDS[type(child)]
        return tuple(getattr(child, name) for name in names)

    def _unique_slug(self, parent, base):
        base = slugify(str(base))[:60].strip("-") or "item"
        existing = set(parent.get_children().values_list("slug", flat=True))
        slug, number = base, 2
        while slug in existing:
            slug = f"{base}-{number}"
            number += 1
        return slug

    def _slug_source(self, spec):
        english = spec.translations.get("en", {}).get("title")
        return english if english and slugify(english) else spec.record_id

    def _elements_for(self, codes, locale):
        return [
            self.elements[(code, locale.pk)] for code in codes if (code, locale.pk) in self.elements
        ]

    def _translated_parent(self, page, locale):
        parent = page.get_parent()
        translation = parent.get_translation_or_none(locale)
        if translation is None:
            raise ValidationError(f"the parent page {parent.title!r} has no {locale} translation")
        return translation

    def _translations(self, spec, model, page):
        """(language, locale, existing translation, fields) for each language the file carries."""
        for language, locale in self.locales.items():
            texts = spec.translations.get(language)
            if texts is None:
                continue
            existing = model.objects.filter(
                translation_key=page.translation_key, locale=locale
            ).first()
            translated = {name: value for name, value in texts.items() if value not in ("", None)}
            yield language, locale, existing, {**spec.fields, **translated}

    # --- providers ---

    def _provider_relations(self, spec, page_key, locale, language=None):
        scopes = spec.child_translations.get(language, []) if language else []
        credentials = []
        for position, item in enumerate(spec.children):
            values = dict(item)
            if position < len(scopes) and scopes[position]:
                values["scope"] = scopes[position]
            credentials.append(
                ProviderCredential(
                    **values,
                    locale=locale,
                    translation_key=_child_key(page_key, "credential", position),
                    sort_order=position,
                )
            )
        addresses = []
        for position, (address, english) in enumerate(spec.addresses):
            values = dict(address)
            if language in english:
                values["label"] = english[language]["label"] or values["label"]
                values["street"] = english[language]["street"] or values["street"]
            addresses.append(
                ProviderAddress(
                    **values,
                    locale=locale,
                    translation_key=_child_key(page_key, "address", position),
                    sort_order=position,
                )
            )
        return {"credentials": credentials, "addresses": addresses}

    def _sync_provider(self, spec, existing, parent, locale, key, fields, language, slug):
        return self._sync(
            spec,
            ProviderPage,
            parent,
            existing,
            fields,
            locale,
            translation_key=key,
            slug=slug,
            elements=self._elements_for(spec.elements, locale),
            relations=self._provider_relations(spec, key, locale, language),
        )

    def _provider(self, spec):
        existing = find_page(ProviderPage, spec.record_id)
        parent = existing.get_parent() if existing else self.index[ProviderIndexPage]
        key = existing.translation_key if existing else uuid.uuid4()
        page, outcome = self._sync_provider(
            spec, existing, parent, self.zh, key, spec.fields, None, self._slug_source(spec)
        )
        self.pages[("provider", spec.record_id)] = page
        self.report.add("provider", outcome)
        for language, locale, translation, fields in self._translations(spec, ProviderPage, page):
            _page, outcome = self._sync_provider(
                spec,
                translation,
                self._translated_parent(page, locale),
                locale,
                key,
                fields,
                language,
                page.slug,
            )
            self.report.add("provider translation", outcome)

    def _provider_page(self, record_id):
        page = self.pages.get(("provider", record_id))
        if page is None:
            page = find_page(ProviderPage, record_id)
            self.pages[("provider", record_id)] = page
        return page

    def _translated_provider(self, provider, locale):
        translation = ProviderPage.objects.filter(
            translation_key=provider.translation_key, locale=locale
        ).first()
        if translation is not None:
            return translation
        # An English service whose provider has no English page yet: that page starts from the
        # Chinese text, so the service has a parent and editors can translate it later.
        spec = self.parsed.providers.get(provider.external_id)
        if spec is None:
            raise ValidationError(
                {"organization_id": f"the provider {provider.title!r} has no {locale} page"}
            )
        page, _outcome = self._sync_provider(
            spec,
            None,
            self._translated_parent(provider, locale),
            locale,
            provider.translation_key,
            spec.fields,
            None,
            provider.slug,
        )
        return page

    # --- services ---

    def _service(self, spec):
        provider = self._provider_page(spec.parent_id)
        existing = find_page(ServicePage, spec.record_id)
        page, outcome = self._sync(
            spec,
            ServicePage,
            provider,
            existing,
            spec.fields,
            self.zh,
            slug=self._slug_source(spec),
            elements=self._elements_for(spec.elements, self.zh),
            live=spec.live,
        )
        self.pages[("service", spec.record_id)] = page
        self.report.add("service", outcome)
        for _language, locale, translation, fields in self._translations(spec, ServicePage, page):
            _page, outcome = self._sync(
                spec,
                ServicePage,
                self._translated_provider(provider, locale),
                translation,
                fields,
                locale,
                translation_key=page.translation_key,
                slug=page.slug,
                elements=self._elements_for(spec.elements, locale),
                live=spec.live,
            )
            self.report.add("service translation", outcome)

    def _service_pages(self, record_ids, locale):
        pages = []
        for record_id in record_ids:
            page = self.pages.get(("service", record_id)) or find_page(ServicePage, record_id)
            if page is not None and locale != self.zh:
                page = ServicePage.objects.filter(
                    translation_key=page.translation_key, locale=locale
                ).first()
            if page is not None:
                pages.append(page)
        return pages

    # --- stations ---

    def _station(self, spec):
        existing = find_page(StationPage, spec.record_id)
        parent = existing.get_parent() if existing else self.index[StationIndexPage]
        page, outcome = self._sync(
            spec,
            StationPage,
            parent,
            existing,
            spec.fields,
            self.zh,
            slug=self._slug_source(spec),
            m2m={"services": self._service_pages(spec.service_ids, self.zh)},
        )
        self.report.add("station", outcome)
        for _language, locale, translation, fields in self._translations(spec, StationPage, page):
            _page, outcome = self._sync(
                spec,
                StationPage,
                self._translated_parent(page, locale),
                translation,
                fields,
                locale,
                translation_key=page.translation_key,
                slug=page.slug,
                m2m={"services": self._service_pages(spec.service_ids, locale)},
            )
            self.report.add("station translation", outcome)

    # --- solutions ---

    def _solution_steps(self, spec, key, locale, language=None):
        english = spec.child_translations.get(language, []) if language else []
        steps = []
        for position, item in enumerate(spec.children):
            services = self._service_pages([item["service_id"]], locale) or self._service_pages(
                [item["service_id"]], self.zh
            )
            texts = english[position] if position < len(english) else {}
            steps.append(
                SolutionStep(
                    service_id=services[0].pk if services else None,
                    title=texts.get("title") or item["title"],
                    explanation=texts.get("explanation") or item["explanation"],
                    locale=locale,
                    translation_key=_child_key(key, "step", position),
                    sort_order=position,
                )
            )
        return steps

    def _solution(self, spec):
        existing = find_page(SolutionPage, spec.record_id)
        parent = existing.get_parent() if existing else self.index[DirectoryIndexPage]
        key = existing.translation_key if existing else uuid.uuid4()
        page, outcome = self._sync(
            spec,
            SolutionPage,
            parent,
            existing,
            spec.fields,
            self.zh,
            translation_key=key,
            slug=self._slug_source(spec),
            relations={"steps": self._solution_steps(spec, key, self.zh)},
        )
        self.report.add("solution", outcome)
        for language, locale, translation, fields in self._translations(spec, SolutionPage, page):
            _page, outcome = self._sync(
                spec,
                SolutionPage,
                self._translated_parent(page, locale),
                translation,
                fields,
                locale,
                translation_key=key,
                slug=page.slug,
                relations={"steps": self._solution_steps(spec, key, locale, language)},
            )
            self.report.add("solution translation", outcome)


# --- Entry points ------------------------------------------------------------------------------


def read_file(path):
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return json.load(handle)
    except OSError as error:
        raise HSDSImportError(
            [RecordError("file", None, "", "", f"cannot be read: {error}")]
        ) from error
    except json.JSONDecodeError as error:
        raise HSDSImportError(
            [RecordError("file", None, "", "", f"is not valid JSON: {error}")]
        ) from error


def import_directory(data, dry_run=False):
    """Import an HSDS document (a dict). Raises ``HSDSImportError``; returns an ``ImportReport``.

    With ``dry_run`` everything is done and then rolled back: the report says what would change.
    """
    parsed = Parser(data).parse()
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        Applier(parsed, report).run()
        if dry_run:
            transaction.set_rollback(True)
    return report
