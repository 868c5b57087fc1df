"""``manage.py import_directory FILE [--dry-run]``: import providers, services, stations and
solutions from an HSDS 3.0 JSON file (format: docs/directory-data-format.md)."""

from django.core.management.base import BaseCommand

from directory.hsds.importer import import_directory
from website.importing import ImportRejected, command_error, read_json


class Command(BaseCommand):
    help = "Import the directory from an HSDS 3.0 JSON file. All or nothing; idempotent by id."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the JSON file, or - to read standard input.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, then roll everything back.",
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            report = import_directory(read_json(file), dry_run=dry_run)
        except ImportRejected as rejected:
            raise command_error(rejected, file) from None
        prefix = "Dry run, nothing written. Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{prefix}: {report.summary()}."))
