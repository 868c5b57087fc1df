"""The policy page and its attachments."""

from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from policies.choices import LEGAL_FORCE, Level, PolicyStatus, PolicyType, RelationType
from policies.forms import PolicyPageForm
from website.blocks import CONTENT_BLOCKS
from website.fragment_cache import context_builder, lazy_context
from website.models import BasePage


class PolicyPage(BasePage):
    """One policy document (政策文件) or interpretation (政策解读).

    The metadata are real fields, not blocks, because the listing filters on them, the feeds and
    the schema.org ``Legislation`` object read them, and the import command writes them. Relations
    to other policies live on the policy that holds them (``PolicyRelation``) and are shown on both
    sides in every language.
    """

    doc_number = models.CharField(
        _("document number"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The 文号 exactly as printed, e.g. 国市监质〔2020〕177号."),
    )
    authority = models.ForeignKey(
        "policies.IssuingAuthority",
        verbose_name=_("issuing authority"),
        on_delete=models.PROTECT,
        related_name="policies",
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    policy_type = models.CharField(_("type"), max_length=16, choices=PolicyType.choices)
    issue_date = models.DateField(_("issue date"))
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    expiry_date = models.DateField(
        _("expiry date"),
        null=True,
        blank=True,
        help_text=_("When the policy stopped or stops being in force, if known."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PolicyStatus.choices, default=PolicyStatus.IN_FORCE
    )
    summary = models.TextField(
        _("summary"),
        max_length=2000,
        blank=True,
        help_text=_("A few sentences in plain words: who it concerns and what it changes."),
    )
    body = StreamField(CONTENT_BLOCKS, verbose_name=_("body"), blank=True, use_json_field=True)
    source_url = models.URLField(
        _("original source"),
        max_length=500,
        blank=True,
        help_text=_("Address of the document on the issuing authority's website."),
    )
    elements = ParentalManyToManyField(
        "directory.Element", verbose_name=_("elements"), blank=True, related_name="policies"
    )
    related_services = ParentalManyToManyField(
        "directory.ServicePage",
        verbose_name=_("related services"),
        blank=True,
        related_name="related_policies",
        help_text=_("Services that help enterprises act on this policy."),
    )
    external_id = models.CharField(
        _("import identifier"),
        max_length=100,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("The id given by the import file, used to update the page on re-import."),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("doc_number"),
                FieldPanel("authority"),
                FieldRowPanel([FieldPanel("level"), FieldPanel("policy_type")]),
                FieldRowPanel(
                    [
                        FieldPanel("issue_date"),
                        FieldPanel("effective_date"),
                        FieldPanel("expiry_date"),
                    ]
                ),
                FieldPanel("status"),
                FieldPanel("source_url"),
            ],
            heading=_("Document details"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("elements", widget=forms.CheckboxSelectMultiple),
        FieldPanel("related_services", widget=forms.SelectMultiple(attrs={"size": 10})),
        InlinePanel("attachments", heading=_("Attachments"), label=_("Attachment")),
        InlinePanel("relations", heading=_("Related policies"), label=_("Relation")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("doc_number", boost=10),
        index.AutocompleteField("doc_number"),
        index.FilterField("doc_number"),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("authority", [index.SearchField("name")]),
        index.RelatedFields("elements", [index.SearchField("name")]),
        index.FilterField("authority"),
        index.FilterField("level"),
        index.FilterField("policy_type"),
        index.FilterField("status"),
        index.FilterField("issue_date"),
    ]

    # A document number is the same in every language: translators must not be asked for it.
    override_translatable_fields = [SynchronizedField("doc_number", overridable=False)]
    api_fields = [
        APIField("doc_number"),
        APIField("authority", serializer=serializers.CharField(source="authority.name")),
        APIField("level"),
        APIField("policy_type"),
        APIField("issue_date"),
        APIField("effective_date"),
        APIField("expiry_date"),
        APIField("status"),
        APIField("summary"),
        APIField("source_url"),
        APIField(
            "elements",
            serializer=serializers.SlugRelatedField(many=True, read_only=True, slug_field="code"),
        ),
    ]

    base_form_class = PolicyPageForm
    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("policy page")
        verbose_name_plural = _("policy pages")

    def clean(self):
        super().clean()
        # Here as well as in save(): a revision stores what clean() leaves, and the admin form
        # of the page's language only offers elements and services of that language.
        self.localize_relations()
        errors = {}
        if self.expiry_date and self.issue_date and self.expiry_date < self.issue_date:
            errors["expiry_date"] = _("The expiry date cannot be before the issue date.")
        self.doc_number = (self.doc_number or "").strip()
        if self.doc_number and self.locale_id:
            clash = (
                PolicyPage.objects.filter(locale_id=self.locale_id, doc_number=self.doc_number)
                .exclude(pk=self.pk)
                .first()
            )
            if clash is not None:
                errors["doc_number"] = _("“%(title)s” already has this document number.") % {
                    "title": clash.title
                }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.localize_relations()
        return super().save(*args, **kwargs)

    def localize_relations(self):
        """Point the authority, elements and related services at their versions in this page's
        language.

        ``copy_for_translation`` (used by wagtail-localize, the import and the demo) copies them
        as they are, and wagtail-localize does not translate many-to-many fields at all; the
        directory lists an element's (and a service's) policies with
        ``filter(elements=element, locale=...)``, so an English page must link the English element
        and service.
        """
        from directory.models import Element, ServicePage

        if not self.locale_id:
            return
        if self.authority_id:
            authority = self.authority
            if authority.locale_id != self.locale_id:
                translated = authority.get_translation_or_none(self.locale_id)
                if translated is not None:
                    self.authority = translated
        elements = list(self.elements.all())
        if any(element.locale_id != self.locale_id for element in elements):
            translated = {
                e.translation_key: e
                for e in Element.objects.filter(
                    translation_key__in=[e.translation_key for e in elements],
                    locale_id=self.locale_id,
                )
            }
            self.elements.set([translated.get(e.translation_key, e) for e in elements])
        services = list(self.related_services.all())
        if any(service.locale_id != self.locale_id for service in services):
            translated = {
                page.translation_key: page
                for page in ServicePage.objects.filter(
                    translation_key__in=[page.translation_key for page in services],
                    locale_id=self.locale_id,
                )
            }
            self.related_services.set([translated.get(p.translation_key, p) for p in services])

    # --- Display --------------------------------------------------------------------------

    @property
    def is_repealed(self):
        return self.status == PolicyStatus.REPEALED

    @cached_property
    def related_policies(self):
        """The relations of this policy on both sides, in this page's language where a
        translation exists: ``{"outgoing": [...], "incoming": [...]}``, each a list of
        ``{"type", "label", "pages"}`` groups in the order of ``RelationType``.

        Relations are facts about documents, not about one language version, so they are read
        across the translation group: a relation held by the Chinese interpretation shows on the
        English page of what it interprets. Three queries, however many relations.
        """
        from policies.services import policy_relations

        return policy_relations(self)

    @cached_property
    def replacements(self):
        for group in self.related_policies["incoming"]:
            if group["type"] == RelationType.REPLACES:
                return group["pages"]
        return []

    @cached_property
    def amendments(self):
        for group in self.related_policies["incoming"]:
            if group["type"] == RelationType.AMENDS:
                return group["pages"]
        return []

    def get_context(self, request, *args, **kwargs):
        from policies.services import related_services

        context = super().get_context(request, *args, **kwargs)
        context.update(lazy_context(self._detail_context, related_services))
        return context

    @context_builder("elements", "attachments", "services", "index_page")
    def _detail_context(self, related_services):
        return {
            "elements": list(self.elements.all()),
            "attachments": list(self.attachments.select_related("document")),
            "services": related_services(self),
            "index_page": self.get_parent(),
        }

    def get_meta_description(self):
        return self.search_description or self.summary[:300]

    def get_structured_data(self, request=None):
        """schema.org ``Legislation``: the document number, dates, issuer and legal force."""
        authority = self.authority
        issuer = {"@type": "GovernmentOrganization", "name": authority.name}
        if authority.website:
            issuer["url"] = authority.website
        data = {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": self.title,
            "url": self.get_full_url(request),
            "inLanguage": self.locale.language_code,
            "legislationType": str(self.get_policy_type_display()),
            "legislationDate": self.issue_date.isoformat(),
            "datePublished": self.issue_date.isoformat(),
            "legislationPassedBy": issuer,
            "publisher": issuer,
            "legislationLegalForce": f"https://schema.org/{LEGAL_FORCE[self.status]}",
            "legislationJurisdiction": {
                "@type": "AdministrativeArea",
                "name": str(_("China")) if self.level == Level.NATIONAL else str(_("Guangdong")),
            },
        }
        if self.doc_number:
            data["legislationIdentifier"] = self.doc_number
        if self.summary:
            data["abstract"] = self.summary
            data["description"] = self.get_meta_description()
        if self.effective_date:
            data["legislationDateOfApplicability"] = self.effective_date.isoformat()
        if self.expiry_date:
            data["expires"] = self.expiry_date.isoformat()
        if self.source_url:
            data["sameAs"] = self.source_url
        links = {
            RelationType.INTERPRETS: "isBasedOn",
            RelationType.AMENDS: "legislationChanges",
            RelationType.REPLACES: "legislationChanges",
        }
        for group in self.related_policies["outgoing"]:
            data.setdefault(links[group["type"]], []).extend(
                {
                    "@type": "Legislation",
                    "name": page.title,
                    "url": page.get_full_url(request),
                    **({"legislationIdentifier": page.doc_number} if page.doc_number else {}),
                }
                for page in group["pages"]
            )
        return data


class PolicyPageAttachment(Orderable):
    """A file of the policy, usually the official PDF. Documents are chosen from the library so
    one PDF can serve the Chinese and English pages."""

    page = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to use the document's own title."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    @property
    def display_title(self):
        return self.title or self.document.title
