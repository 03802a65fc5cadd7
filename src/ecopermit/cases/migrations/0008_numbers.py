"""Notice numbers move to the one sequence store in core (issue 12); cases get their own reference (issue 11 item
10: 整改案件 #37 became ZG2026-0037)."""

from django.db import migrations, models

from ecopermit.core.numbering import backfill_references


def copy_counters(apps, schema_editor):
    NoticeCounter = apps.get_model("cases", "NoticeCounter")
    Counter = apps.get_model("core", "Counter")
    for c in NoticeCounter.objects.all():
        Counter.objects.update_or_create(
            series="cases.notice", prefix=c.prefix, year=c.year, defaults={"last": c.last}
        )


def number_cases(apps, schema_editor):
    backfill_references(
        apps.get_model("cases", "RectificationCase"), apps.get_model("core", "Counter"), "case", "opened_at"
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_problem_lead_department"), ("core", "0004_counter")]

    operations = [
        migrations.RunPython(copy_counters, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="noticecounter", name="notice_counter_unique"),
        migrations.DeleteModel(name="NoticeCounter"),
        migrations.AddField(
            model_name="rectificationcase",
            name="number",
            field=models.CharField(
                editable=False,
                help_text="core/numbering.py reference, e.g. ZG2026-0037",
                max_length=20,
                null=True,
                unique=True,
                verbose_name="number",
            ),
        ),
        migrations.RunPython(number_cases, migrations.RunPython.noop),
    ]
