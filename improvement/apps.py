from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = _("Continuous improvement")

    def ready(self):
        # Connecting the receivers needs the models loaded, hence the import here.
        from improvement import receivers

        receivers.connect()
