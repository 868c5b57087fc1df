"""Send the impact follow-up questionnaires that are due (run daily from cron or a scheduler).

Idempotent: a request gets its questionnaire once however often this runs, and a run stopped
half-way is completed by the next one."""

from django.core.management.base import BaseCommand

from improvement.services import send_due_follow_ups


class Command(BaseCommand):
    help = "Send the impact follow-up questionnaires that are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=500, help="At most this many in one run (default 500)."
        )

    def handle(self, *args, limit, **options):
        sent = send_due_follow_ups(limit=limit)
        self.stdout.write(f"Impact follow-ups sent: {sent}")
