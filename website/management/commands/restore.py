"""``manage.py restore FOLDER``: a backup into an empty database and empty file folders."""

from django.core.management.base import BaseCommand, CommandError

from website.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup written by `manage.py backup` into an empty site."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        try:
            manifest = restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {len(manifest['tables'])} tables and {len(manifest['files'])} files "
            f"from {folder} (backup of {manifest['created']})."
        )
