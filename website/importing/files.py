"""Reading an import file: UTF-8 JSON (a byte-order mark is allowed), or standard input as ``-``."""

import json
import sys

from website.importing.errors import ImportRejected, RecordError


def read_json(path):
    """The parsed file, or ``ImportRejected`` with one error saying why it cannot be read."""
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8-sig") as handle:
                text = handle.read()
    except OSError as error:
        raise _file_error(f"Cannot read {path}: {error.strerror or error}.") from None
    except UnicodeDecodeError as error:
        raise _file_error(f"{path} is not UTF-8 text: {error.reason}.") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _file_error(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.",
        ) from None


def _file_error(message):
    return ImportRejected([RecordError(record="file", field="", message=message)])
