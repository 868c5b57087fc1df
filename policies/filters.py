"""The policy listing's filters: level, authority, type, element, year, status and document
number, combined with AND, read from the query string (so a filtered listing is a link that can
be shared and works without JavaScript), each option with the number of policies it would give.

Counts are facet counts: each filter's options are counted with every *other* filter applied,
so a visitor sees what choosing that option would give. One grouped query per filter, however
many policies there are.
"""

import re
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from directory.models import Element
from policies.choices import Level, PolicyStatus, PolicyType
from policies.models import IssuingAuthority, PolicyPage
from website.filters import has_element
from website.fragment_cache import context_builder

PAGE_SIZE = 20
# Brackets people type for the year in a document number, and the one documents print (〔〕).
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "［": "〔", "］": "〕"})


def normalize_doc_number(value):
    """国市监质[2020] 177号 → 国市监质〔2020〕177号: the year brackets as printed, no spaces."""
    return re.sub(r"\s+", "", value).translate(_BRACKETS)


class PolicyFilterForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, required=False)
    authority = forms.ModelChoiceField(
        label=_("Issuing authority"), queryset=IssuingAuthority.objects.none(), required=False
    )
    type = forms.ChoiceField(label=_("Type"), choices=PolicyType.choices, required=False)
    element = forms.ModelChoiceField(
        label=_("Element"),
        queryset=Element.objects.none(),
        to_field_name="code",
        required=False,
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=PolicyStatus.choices, required=False)
    doc = forms.CharField(label=_("Document number"), max_length=100, required=False)

    def __init__(self, *args, locale_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = IssuingAuthority.objects.filter(locale_id=locale_id)
        self.fields["element"].queryset = Element.objects.filter(locale_id=locale_id)


class PolicyFilterSet:
    """Filters the live children of one ``PolicyIndexPage`` in its language."""

    # Query-string key, form field, "all" label of the select.
    FACETS = [
        ("level", _("All levels")),
        ("authority", _("All authorities")),
        ("type", _("All types")),
        ("element", _("All elements")),
        ("year", _("All years")),
        ("status", _("Any status")),
    ]

    def __init__(self, data, index_page):
        self.index_page = index_page
        self.locale_id = index_page.locale_id
        self.data = data
        self.form = PolicyFilterForm(data, locale_id=self.locale_id, prefix=None)
        self.form.is_valid()
        self.values = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "") and name not in self.form.errors
        }
        self.base = PolicyPage.objects.live().public().child_of(index_page)

    # --- Filtering ------------------------------------------------------------------------

    def _condition(self, name, value):
        if name == "level":
            return Q(level=value)
        if name == "authority":
            return Q(authority=value)
        if name == "type":
            return Q(policy_type=value)
        if name == "element":
            return Q(has_element(PolicyPage, [value.code]))
        if name == "year":
            return Q(issue_date__year=value)
        if name == "status":
            return Q(status=value)
        if name == "doc":
            normalized = normalize_doc_number(value)
            return Q(doc_number__icontains=value.strip()) | Q(doc_number__icontains=normalized)
        raise KeyError(name)

    def filtered(self, except_name=None):
        queryset = self.base
        for name, value in self.values.items():
            if name != except_name:
                queryset = queryset.filter(self._condition(name, value))
        return queryset

    @property
    def queryset(self):
        return (
            self.filtered()
            .select_related("authority")
            .prefetch_related(
                Prefetch("elements", queryset=Element.objects.order_by("sort_order", "code"))
            )
            .defer_streamfields()
            .order_by("-issue_date", "-pk")
        )

    # --- Facet counts ---------------------------------------------------------------------

    def _counts(self, name):
        queryset = self.filtered(except_name=name).order_by()
        if name == "level":
            rows = queryset.values_list("level").annotate(n=Count("pk"))
        elif name == "type":
            rows = queryset.values_list("policy_type").annotate(n=Count("pk"))
        elif name == "status":
            rows = queryset.values_list("status").annotate(n=Count("pk"))
        elif name == "year":
            rows = (
                queryset.annotate(year=ExtractYear("issue_date"))
                .values_list("year")
                .annotate(n=Count("pk"))
            )
        elif name == "authority":
            rows = queryset.values_list("authority_id", "authority__name").annotate(n=Count("pk"))
            return {pk: (label, n) for pk, label, n in rows}
        elif name == "element":
            rows = (
                queryset.filter(elements__isnull=False)
                .values_list("elements__code")
                .annotate(n=Count("pk", distinct=True))
            )
        return {value: n for value, n in rows}

    def facets(self):
        facets = []
        for name, all_label in self.FACETS:
            counts = self._counts(name)
            selected = self.values.get(name)
            if name in ("level", "type", "status"):
                choices = self.form.fields[name].choices
                options = [(value, label, counts.get(value, 0)) for value, label in choices]
                selected_value = selected or ""
            elif name == "authority":
                options = [(pk, label, n) for pk, (label, n) in counts.items()]
                options.sort(key=lambda option: (-option[2], option[1]))
                selected_value = selected.pk if selected else ""
                if selected and selected.pk not in counts:
                    options.append((selected.pk, selected.name, 0))
            elif name == "element":
                options = [
                    (element.code, element.name, counts.get(element.code, 0))
                    for element in self.elements
                ]
                selected_value = selected.code if selected else ""
            else:  # year
                options = sorted(((year, year, n) for year, n in counts.items()), reverse=True)
                selected_value = selected or ""
                if selected and selected not in counts:
                    options.insert(0, (selected, selected, 0))
            facets.append(
                {
                    "name": name,
                    "id": f"filter-{name}",
                    "label": self.form.fields[name].label,
                    "errors": self.form.errors.get(name, []),
                    "all_label": all_label,
                    "selected": str(selected_value),
                    "options": [
                        {
                            "value": str(value),
                            "label": label,
                            "count": count,
                            "selected": str(value) == str(selected_value),
                        }
                        for value, label, count in options
                        if count or str(value) == str(selected_value)
                    ],
                }
            )
        return facets

    @property
    def elements(self):
        if not hasattr(self, "_elements"):
            self._elements = list(
                Element.objects.filter(locale_id=self.locale_id).order_by("sort_order", "code")
            )
        return self._elements

    # --- Links ----------------------------------------------------------------------------

    def query_string(self, without=None):
        pairs = [
            (name, self.data.get(name))
            for name in self.form.fields
            if name != without and name in self.values
        ]
        return urlencode(pairs)

    def active_filters(self, facets):
        """The filters in use, each with a link that removes it."""
        labels = {
            facet["name"]: {o["value"]: o["label"] for o in facet["options"]} for facet in facets
        }
        active = []
        for name in self.form.fields:
            if name not in self.values:
                continue
            value = self.data.get(name)
            label = labels.get(name, {}).get(str(self.values[name]), value)
            if name == "authority":
                label = labels["authority"].get(str(self.values[name].pk), value)
            elif name == "element":
                label = labels["element"].get(self.values[name].code, value)
            query = self.query_string(without=name)
            active.append(
                {
                    "name": name,
                    "field_label": self.form.fields[name].label,
                    "label": label,
                    "remove_url": f"?{query}" if query else "?",
                }
            )
        return active

    def get_listing_context(self):
        paginator = Paginator(self.queryset, PAGE_SIZE)
        page_obj = paginator.get_page(self.data.get("page"))
        facets = self.facets()
        element = self.values.get("element")
        return {
            "filter_form": self.form,
            "filter_errors": [
                (f"filter-{name}", self.form.fields[name].label, errors)
                for name, errors in self.form.errors.items()
            ],
            "facets": facets,
            "active_filters": self.active_filters(facets),
            "policies": page_obj,
            "page_obj": page_obj,
            "paginator": paginator,
            "filter_element": element,
            "feed_elements": self.elements,
        }


@context_builder(
    "filter_form",
    "filter_errors",
    "facets",
    "active_filters",
    "policies",
    "page_obj",
    "paginator",
    "filter_element",
    "feed_elements",
)
def policy_listing(index_page, data):
    """The policy listing's context for ``data`` (the query string), built lazily."""
    return PolicyFilterSet(data, index_page=index_page).get_listing_context()
