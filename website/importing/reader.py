"""Checking one record of an import file field by field.

A ``RecordReader`` reads values out of a record (a JSON object) and returns them in the form the
model stores, or records a ``RecordError`` naming the record and the field. Length limits and
choices are the model's (``to=`` names the model field a value goes into), so a value the reader
accepts always saves.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from website.importing.errors import RecordError, quote

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def model_field(model, name):
    """The field ``name`` of ``model``, whose limits a checked value must keep."""
    return model._meta.get_field(name)


class RecordReader:
    """Reads the fields of one record, collecting errors that name the record and the field.

    ``model`` is where the record's values go; a method's ``to`` names the model field (another
    model's with ``model=``), ``source`` reads from a nested object instead of the record and
    ``path`` is the field name in errors (the key by default).
    """

    #: Whether numbers are accepted where text is expected (HSDS files carry numeric codes).
    numbers_as_text = False

    def __init__(self, errors, label, record, model=None):
        self.errors = errors
        self.label = label
        self.record = record if isinstance(record, dict) else {}
        self.model = model

    def error(self, path, message):
        self.errors.append(RecordError(self.label, path, message))

    def has_error(self, path):
        return any(e.record == self.label and e.field == path for e in self.errors)

    def _field(self, to, model):
        return model_field(model or self.model, to) if to else None

    def _value(self, key, source):
        return (self.record if source is None else source).get(key)

    def text(self, key, *, to=None, model=None, required=False, source=None, path=None):
        """Stripped text, at most as long as the model field ``to`` allows."""
        path = path or key
        value = self._value(key, source)
        if self.numbers_as_text and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(path, "is required.")
            return ""
        if not isinstance(value, str):
            self.error(path, f"must be a string, not {quote(value)}.")
            return ""
        value = value.strip()
        field = self._field(to, model)
        limit = field.max_length if field is not None else None
        if limit and len(value) > limit:
            self.error(path, f"is {len(value)} characters long; at most {limit} are allowed.")
            return value[:limit]
        return value

    def list(self, key, *, source=None, path=None, what=""):
        value = self._value(key, source)
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            self.error(path or key, f"must be a list{' of ' + what if what else ''}.")
            return []
        return value

    def _choices(self, choices, to, model):
        if choices is None:
            choices = [str(key) for key, _label in self._field(to, model).choices]
        return list(choices)

    def _match(self, value, choices):
        """The choice ``value`` names, ignoring case and surrounding spaces, or ``None``."""
        if not isinstance(value, str):
            return None
        return {str(choice).lower(): choice for choice in choices}.get(value.strip().lower())

    def choice(
        self,
        key,
        choices=None,
        *,
        to=None,
        model=None,
        default=None,
        required=False,
        source=None,
        path=None,
    ):
        """One of ``choices`` (else the model field's choices)."""
        path = path or key
        choices = self._choices(choices, to, model)
        value = self._value(key, source)
        if value in (None, ""):
            if required:
                self.error(path, f"is required; one of {', '.join(choices)}.")
            return default
        matched = self._match(value, choices)
        if matched is None:
            self.error(path, f"{quote(value)} is not one of {', '.join(choices)}.")
            return default
        return matched

    def choices(self, key, choices=None, *, to=None, model=None, required=False):
        """A list of ``choices`` (else the model field's), each once, in the file's order."""
        choices = self._choices(choices, to, model)
        values = []
        for item in self.list(key):
            matched = self._match(item, choices)
            if matched is None:
                self.error(key, f"{quote(item)} is not one of {', '.join(choices)}.")
            else:
                values.append(matched)
        if required and not values and not self.has_error(key):
            self.error(key, f"needs at least one of {', '.join(choices)}.")
        return list(dict.fromkeys(values))

    def date(self, key, *, source=None, path=None, required=False):
        """An ISO date (YYYY-MM-DD; a time after it is ignored)."""
        path = path or key
        value = self._value(key, source)
        if value in (None, ""):
            if required:
                self.error(path, "is required (an ISO date, YYYY-MM-DD).")
            return None
        if not isinstance(value, str) or not ISO_DATE.match(value):
            self.error(path, f"{quote(value)} is not an ISO date (YYYY-MM-DD).")
            return None
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            self.error(path, f"{quote(value)} is not a real date.")
            return None

    def url(self, key, *, to=None, model=None, add_scheme=False):
        """An http(s) address; with ``add_scheme`` one written without ``https://`` gets it."""
        value = self.text(key, to=to, model=model)
        if value and add_scheme and not re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I):
            value = "https://" + value
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                self.error(key, f"{quote(value)} is not an http(s) address.")
                return ""
        return value

    def email(self, key, *, to=None, model=None, source=None):
        value = self.text(key, to=to, model=model, source=source)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.error(key, f"{quote(value)} is not an email address.")
                return ""
        return value

    def integer(self, key, *, low=0, high=32767):
        value = self.record.get(key)
        if value in (None, ""):
            return None
        try:
            number = int(value)
            if isinstance(value, float) and value != number:
                raise ValueError
        except (TypeError, ValueError):
            self.error(key, f"{quote(value)} is not a whole number.")
            return None
        if not low <= number <= high:
            self.error(key, f"{number} is out of range ({low} to {high}).")
            return None
        return number

    def decimal(self, key, *, low, high, places):
        """A number rounded to ``places`` (a ``Decimal`` such as ``Decimal("0.000001")``)."""
        value = self.record.get(key)
        if value in (None, ""):
            return None
        try:
            number = Decimal(str(value)).quantize(places)
        except (InvalidOperation, ValueError):
            self.error(key, f"{quote(value)} is not a number.")
            return None
        if not low <= number <= high:
            self.error(key, f"{value} is out of range ({low} to {high}).")
            return None
        return number

    def boolean(self, key):
        value = self.record.get(key)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)
