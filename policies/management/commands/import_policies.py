"""``manage.py import_policies FILE [--dry-run]``: import policies from JSON
(format: docs/policy-import.md). All or nothing; errors name the record and the field."""

from django.core.management.base import BaseCommand

from policies.importing import PolicyImporter
from website.importing import ImportRejected, command_error, read_json


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
        importer = PolicyImporter(stdout=self.stdout, verbosity=verbosity)
        try:
            result = importer.run(read_json(file), dry_run=dry_run)
        except ImportRejected as rejected:
            raise command_error(rejected, file) from None
        prefix = "Dry run, nothing written. Would have: " if dry_run else ""
        summary = (
            f"{prefix}{len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged; translations: {result.translations_created} "
            f"created, {result.translations_updated} updated; "
            f"{len(result.authorities_created)} new issuing authorities."
        )
        self.stdout.write(self.style.SUCCESS(summary) if not dry_run else summary)
