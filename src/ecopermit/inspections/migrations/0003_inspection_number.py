"""Inspections get their own reference (issue 11 item 10: no database id where people expect a number)."""

from django.db import migrations, models

from ecopermit.core.numbering import backfill_references


def number_rows(apps, schema_editor):
    backfill_references(
        apps.get_model("inspections", "Inspection"),
        apps.get_model("core", "Counter"),
        "inspection",
        "created_at",
    )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_chinese_findings"), ("core", "0004_counter")]

    operations = [
        migrations.AddField(
            model_name="inspection",
            name="number",
            field=models.CharField(
                editable=False,
                help_text="core/numbering.py reference, e.g. JC2026-0007",
                max_length=20,
                null=True,
                unique=True,
                verbose_name="number",
            ),
        ),
        migrations.RunPython(number_rows, migrations.RunPython.noop),
    ]
