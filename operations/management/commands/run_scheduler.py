"""Start the job scheduler in the foreground (one per app host; ``make run`` starts one)."""

from django.core.management.base import BaseCommand

from operations import scheduler


class Command(BaseCommand):
    help = "Run the periodic jobs of operations/jobs.py through the task queue (no cron needed)."

    def handle(self, *args, **options):
        self.stdout.write("Scheduler running; stop with Ctrl-C.")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            self.stdout.write("Scheduler stopped.")
