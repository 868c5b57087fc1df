from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "diagnosis"
    verbose_name = _("Quality diagnosis")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from diagnosis import receivers

        receivers.connect()
