"""What every import command shares: one error type and report, one field-checking toolkit whose
limits come from the models, one HTML-cleaning configuration, and reading a JSON file.

The directory's HSDS import (``directory.hsds``) and the policy import (``policies.importing``)
both read a file record by record with a ``RecordReader``, collect every ``RecordError`` and
raise ``ImportRejected`` before anything is written; their commands report it with
``command_error``, so both print the same lines and exit non-zero.
"""

from website.importing.errors import ImportRejected, RecordError, command_error, quote
from website.importing.files import read_json
from website.importing.html import clean_html, has_blocks, paragraphs
from website.importing.reader import RecordReader, model_field

__all__ = [
    "ImportRejected",
    "RecordError",
    "RecordReader",
    "clean_html",
    "command_error",
    "has_blocks",
    "model_field",
    "paragraphs",
    "quote",
    "read_json",
]
