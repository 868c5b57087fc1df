"""Filter building pieces the public listings share (the directory's and the policy library's):
a several-values filter shown as checkboxes, and "tagged with one of these elements"."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef


def checkbox_filter(label, **kwargs):
    """A filter whose values are alternatives (OR), shown as checkboxes."""
    return django_filters.MultipleChoiceFilter(
        label=label, widget=forms.CheckboxSelectMultiple, **kwargs
    )


def has_element(model, codes):
    """The condition "this ``model`` row is tagged with an element whose code is in ``codes``",
    through the ``elements`` many-to-many table (one ``EXISTS``, no duplicate rows)."""
    through = model.elements.through
    return Exists(
        through.objects.filter(
            **{f"{model._meta.model_name}_id": OuterRef("pk"), "element__code__in": codes}
        )
    )
