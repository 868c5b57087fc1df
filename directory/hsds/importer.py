"""Import an HSDS 3.0 document into the directory: all or nothing, idempotent by record id.

Two phases. ``directory.hsds.parser`` reads every record into plain values and collects every error
it finds; nothing is written while any error remains. The ``Applier`` here then writes inside one
transaction (page by page with ``directory.hsds.sync``), comparing each page with what the file
says and saving a new revision only where something differs, so importing the same file twice
changes nothing. A database-level failure while applying rolls the whole import back and is
reported with the record it happened on.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction

from directory.hsds.parser import Parser
from directory.hsds.records import ImportReport, find_page
from directory.hsds.sync import PageWriter, child_key
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
from directory.services import ensure_index_pages
from directory.standard_elements import ensure_elements

__all__ = ["ImportReport", "find_page", "import_directory"]


class Applier(PageWriter):
    """Writes every parsed spec: providers, then services, stations and solutions."""

    def run(self):
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
                    translation_key=child_key(page_key, "credential", position),
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
                    translation_key=child_key(page_key, "address", position),
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
                    translation_key=child_key(key, "step", position),
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


def import_directory(data, dry_run=False, taxonomy_map=None):
    """Import an HSDS document (a dict). Raises ``ImportRejected``; returns an ``ImportReport``.

    With ``dry_run`` everything is done and then rolled back: the report says what would change.
    """
    parsed = Parser(data, taxonomy_map).parse()
    report = ImportReport(dry_run=dry_run, warnings=parsed.warnings)
    with transaction.atomic():
        Applier(parsed, report).run()
        if dry_run:
            transaction.set_rollback(True)
    return report
