"""``manage.py backup FOLDER``: database, public media and private files with a manifest."""

from django.core.management.base import BaseCommand, CommandError

from website.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Write a backup (database, media, private files, manifest with checksums) to FOLDER."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="An empty or new folder.")

    def handle(self, *args, folder, **options):
        try:
            manifest = write_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables and {len(manifest['files'])} files "
            f"to {folder}."
        )
