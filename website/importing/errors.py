"""The one error type of the import commands, and how a command reports a rejected file."""

import json
from dataclasses import dataclass

from django.core.management.base import CommandError


def quote(value):
    """A value from the file as it was written there (JSON), Chinese left readable."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


@dataclass(frozen=True)
class RecordError:
    """One problem: the record as the importer names it, the field (empty for the whole record)
    and what is wrong, e.g. ``record 2 (index 1, id "42"), field "title": is required.``"""

    record: str
    field: str
    message: str

    def __str__(self):
        if self.field:
            return f"{self.record}, field {quote(self.field)}: {self.message}"
        return f"{self.record}: {self.message}"


class ImportRejected(Exception):
    """The file cannot be imported and nothing was written; ``errors`` lists every problem."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def command_error(rejected, source):
    """The ``CommandError`` a command raises for a rejected file: a heading, then one line per
    problem. Django prints it on standard error and exits with status 1."""
    count = len(rejected.errors)
    heading = f"Nothing was imported: {count} error{'s' if count != 1 else ''} in {source}."
    return CommandError("\n".join([heading, *(str(error) for error in rejected.errors)]))
