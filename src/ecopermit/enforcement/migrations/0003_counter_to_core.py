"""Penalty document numbers move to the one sequence store in core (issue 12), their counts kept."""

from django.db import migrations


def copy_counters(apps, schema_editor):
    DocumentCounter = apps.get_model("enforcement", "DocumentCounter")
    Counter = apps.get_model("core", "Counter")
    for c in DocumentCounter.objects.all():
        Counter.objects.update_or_create(
            series="enforcement.document", prefix=c.prefix, year=c.year, defaults={"last": c.last}
        )


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0002_daily_round_procedure"), ("core", "0004_counter")]

    operations = [
        migrations.RunPython(copy_counters, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="documentcounter", name="enforcement_counter_unique"),
        migrations.DeleteModel(name="DocumentCounter"),
    ]
