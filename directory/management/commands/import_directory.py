"""``manage.py import_directory SOURCE [--dry-run] [--modified-after …]``: import providers,
services, stations and solutions from an HSDS 3.0 JSON file, or from an HSDS 3.0 API given by its
base URL (every page is read) (format: docs/directory-data-format.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from directory.hsds.importer import import_directory
from directory.hsds.remote import is_url, read_api
from website.importing import ImportRejected, command_error, read_json


class Command(BaseCommand):
    help = (
        "Import the directory from an HSDS 3.0 JSON file or API base URL "
        "(https://…/api/hsds). All or nothing; idempotent by id."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            help="Path of the JSON file, - to read standard input, or an HSDS API base URL.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the data and report what would change, then roll everything back.",
        )
        parser.add_argument(
            "--taxonomy-map",
            help="JSON file mapping a partner's taxonomy term ids or codes to element codes.",
        )
        parser.add_argument(
            "--modified-after",
            help="From an API: only services modified on or after this RFC 3339 date-time.",
        )

    def handle(self, *args, source, dry_run, modified_after, taxonomy_map, **options):
        if modified_after and not (is_url(source) and parse_datetime(modified_after)):
            raise CommandError("--modified-after takes an API URL and an RFC 3339 date-time.")
        try:
            document = read_api(source, modified_after) if is_url(source) else read_json(source)
            mapping = read_json(taxonomy_map) if taxonomy_map else None
            if mapping is not None and not isinstance(mapping, dict):
                raise CommandError("--taxonomy-map must be a JSON object of term -> element code.")
            report = import_directory(document, dry_run=dry_run, taxonomy_map=mapping)
        except ImportRejected as rejected:
            raise command_error(rejected, source) from None
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
        prefix = "Dry run, nothing written. Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{prefix}: {report.summary()}."))
