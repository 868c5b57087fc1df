"""``manage.py export_directory FILE``: write the live directory as one HSDS 3.0 JSON document
(``-`` writes to standard output)."""

import json

from django.core.management.base import BaseCommand, CommandError

from directory.hsds.export import export_directory


class Command(BaseCommand):
    help = "Export providers, services, stations and solutions as an HSDS 3.0 JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the JSON file to write, or - for stdout.")

    def handle(self, *args, **options):
        document = export_directory()
        text = json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"
        if options["file"] == "-":
            self.stdout.write(text, ending="")
            return
        try:
            with open(options["file"], "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise CommandError(f"Cannot write {options['file']}: {error}") from error
        counts = ", ".join(
            f"{len(document[name])} {name}"
            for name in ("organizations", "services", "locations", "x_solutions")
        )
        self.stdout.write(self.style.SUCCESS(f"Exported {counts} to {options['file']}."))
