"""Erase personal data and files of requests finished longer ago than the retention period of
the request handling settings; anonymous statistics stay. ``--dry-run`` only lists them."""

from django.core.management.base import BaseCommand

from service_requests import records, sla


class Command(BaseCommand):
    help = "Erase personal data and files of requests closed longer than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the requests that would be erased."
        )

    def handle(self, *args, dry_run=False, **options):
        retention_days = sla.request_settings().retention_days
        expired = records.expired_requests(retention_days)
        count = 0
        for service_request in expired.iterator():
            count += 1
            closed = f"{service_request.closed_at:%Y-%m-%d}"
            if dry_run:
                self.stdout.write(f"would erase {service_request.reference} (closed {closed})")
            else:
                records.erase_personal_data(service_request)
                self.stdout.write(f"erased {service_request.reference} (closed {closed})")
        verb = "would erase" if dry_run else "erased"
        self.stdout.write(
            f"{verb} personal data of {count} request(s) finished more than "
            f"{retention_days} days ago"
        )
