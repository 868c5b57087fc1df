"""Writing one page of an HSDS import: create it or compare it with what the file says and save
a new revision only where something differs, children and relations included. A model
``ValidationError`` becomes an ``ImportRejected`` naming the record and the field of the file."""

import uuid

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from directory.hsds.export.common import NAMESPACE
from directory.hsds.records import record_error
from directory.models import ProviderAddress, ProviderCredential, SolutionStep
from website.importing import ImportRejected
from website.page_tree import get_locales

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


def child_key(page_key, kind, position):
    """Children of a page and of its translations share translation keys position by position."""
    return uuid.uuid5(NAMESPACE, f"{page_key}/{kind}/{position}")


class PageWriter:
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
        self.parsed = parsed
        self.report = report
        self.zh, self.en = get_locales()
        self.locales = {"en": self.en}
        self.pages = {}  # (kind, record id) -> zh page

    def _guard(self, spec, function):
        try:
            return function(spec)
        except ValidationError as error:
            collection, index = spec.position
            details = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            raise ImportRejected(
                [
                    record_error(
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
