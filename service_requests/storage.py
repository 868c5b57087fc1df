"""The private file storage of requests: ``STORAGES["private"]``, a location no URL serves.

Files are read only through permission-checked views. ``private_storage`` resolves the configured
backend lazily and again whenever ``STORAGES`` changes (tests give every test its own folder).
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

# Temporary uploads of wizards that are not finished yet live under this prefix of the private
# storage (shared by every app server, unlike a local temporary folder).
WIZARD_UPLOADS_PREFIX = "wizard-uploads"
REQUEST_FILES_PREFIX = "requests"


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


def get_private_storage():
    """Callable for ``FileField(storage=…)`` so migrations reference it instead of a backend."""
    return private_storage


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty
