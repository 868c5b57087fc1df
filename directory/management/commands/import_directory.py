"""``manage.py import_directory FILE [--dry-run]``: import providers, services, stations and
solutions from an HSDS 3.0 JSON file (format: docs/directory-data-format.md)."""

from django.core.management.base import BaseCommand, CommandError

from directory.hsds.importer import HSDSImportError, import_directory, read_file


class Command(BaseCommand):
    help = "Import the directory from an HSDS 3.0 JSON file. All or nothing; idempotent by id."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the JSON file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, then roll everything back.",
        )

    def handle(self, *args, **options):
        try:
            report = import_directory(read_file(options["file"]), dry_run=options["dry_run"])
        except HSDSImportError as error:
            for problem in error.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing was imported: {len(error.errors)} problem(s) in {options['file']}."
            ) from error
        prefix = "Dry run, nothing written. Would import" if options["dry_run"] else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{prefix}: {report.summary()}."))
