"""Import of policies from a JSON file (format: ``docs/policy-import.md``).

Every record is checked before anything is written (``records``, with the shared toolkit of
``website.importing``), and the whole import runs in one transaction (``writer``), so a file
either goes in completely or not at all. A record is matched to an existing policy by its ``id``
(stored as ``PolicyPage.external_id``), else by its ``doc_number``, so importing the same file
twice changes nothing. Relations are resolved after all records are read, against the file and
the policies already in the database.
"""

from policies.importing.records import Record, read_records, sanitize_html
from policies.importing.writer import ImportResult, PolicyImporter

__all__ = ["ImportResult", "PolicyImporter", "Record", "read_records", "sanitize_html"]
