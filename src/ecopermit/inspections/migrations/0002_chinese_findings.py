"""Findings written before issue 11 held the English "not compliant": write it in Chinese."""

from django.db import migrations

OLD, NEW = "not compliant", "不符合要求"


def forwards(apps, schema_editor):
    Finding = apps.get_model("inspections", "Finding")
    for row in Finding.objects.filter(description__contains=OLD).only("pk", "description"):
        row.description = row.description.replace(OLD, NEW)
        row.save(update_fields=["description"])


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
