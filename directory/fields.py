"""A model field for a small set of choices (channels, cities served) that filters on any database.

The values are stored as ``,a,b,`` in a text column: a single ``LIKE '%,a,%'`` finds rows holding a
value on SQLite and PostgreSQL alike, where JSON containment is not available on SQLite.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def _split(value):
    if value is None:
        return []
    if isinstance(value, list | tuple | set):
        return [str(item) for item in value if item]
    return [item for item in str(value).split(",") if item]


class ChoiceListField(models.CharField):
    """A list of choice values. ``contains_value(field, value)`` builds the lookup for filters."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 250)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return _split(value)

    def to_python(self, value):
        return _split(value)

    def get_prep_value(self, value):
        if isinstance(value, str):
            return value
        items = _split(value)
        return f",{','.join(items)}," if items else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        allowed = {str(key) for key, _label in self.choices or []}
        for item in _split(value):
            if allowed and item not in allowed:
                raise ValidationError(
                    _("%(value)s is not a valid choice."),
                    code="invalid_choice",
                    params={"value": item},
                )
        if not self.blank and not _split(value):
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


def contains_value(field_name, value):
    """The lookup that finds rows whose ``ChoiceListField`` holds ``value``."""
    return models.Q(**{f"{field_name}__contains": f",{value},"})
