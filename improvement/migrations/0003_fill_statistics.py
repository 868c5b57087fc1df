"""A statistics row for every request that has none (new requests get theirs from signals).

Was part of service_requests' 0011, which created the table; it moved here with the model. On a
database that ran the old 0011 every request has its row and this does nothing."""

from django.db import migrations

from improvement.statistics import refresh


def fill(apps, schema_editor):
    ServiceRequest = apps.get_model("service_requests", "ServiceRequest")
    missing = ServiceRequest.objects.filter(statistics__isnull=True).values_list("pk", flat=True)
    refresh(list(missing), apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0002_move_content_types"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
