"""The moved models' content types follow them from service_requests to improvement.

The rows are renamed in place, so their ids stay: the permissions granted to groups, the Wagtail
log entries and the revisions of assessments keep pointing at them.
"""

from django.db import migrations

MODELS = (
    "badratingcallback",
    "effectivenessassessment",
    "impactfollowup",
    "improvementaction",
    "qualitytargets",
    "requeststatistics",
)


def relabel(old, new):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        # A type created for the new label already (by an earlier ``migrate``) is left alone.
        taken = ContentType.objects.filter(app_label=new, model__in=MODELS).values_list(
            "model", flat=True
        )
        ContentType.objects.filter(app_label=old, model__in=MODELS).exclude(
            model__in=list(taken)
        ).update(app_label=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("improvement", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            relabel("service_requests", "improvement"), relabel("improvement", "service_requests")
        ),
    ]
