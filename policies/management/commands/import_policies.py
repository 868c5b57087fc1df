"""``manage.py import_policies FILE [--dry-run]``: import policies from JSON
(format: docs/policy-import.md). All or nothing; errors name the record and the field."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from policies.importing import PolicyImporter, PolicyImportError


class Command(BaseCommand):
    help = (
        "Import policies from a JSON file (a list of policy objects; see docs/policy-import.md). "
        "Records are matched by id, else by doc_number, so a second import changes nothing. "
        "Nothing is written when any record is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the JSON file, or - to read standard input.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, without writing anything.",
        )

    def handle(self, *args, file, dry_run, verbosity, **options):
        data = self._read(file)
        importer = PolicyImporter(stdout=self.stdout, verbosity=verbosity)
        try:
            result = importer.run(data, dry_run=dry_run)
        except PolicyImportError as error:
            count = len(error.errors)
            heading = f"Nothing was imported: {count} error{'s' if count != 1 else ''} in {file}."
            raise CommandError("\n".join([heading, *error.errors])) from None
        prefix = "Dry run, nothing written. Would have: " if dry_run else ""
        summary = (
            f"{prefix}{len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged; translations: {result.translations_created} "
            f"created, {result.translations_updated} updated; "
            f"{len(result.authorities_created)} new issuing authorities."
        )
        self.stdout.write(self.style.SUCCESS(summary) if not dry_run else summary)

    def _read(self, file):
        try:
            if file == "-":
                text = sys.stdin.read()
            else:
                with open(file, encoding="utf-8-sig") as handle:
                    text = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}.") from None
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text: {error.reason}.") from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file} is not valid JSON: {error.msg} at line {error.lineno}, "
                f"column {error.colno}."
            ) from None
