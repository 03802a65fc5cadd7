"""Problems raised without a department are pushed by the lead department (plan 三(一)); issue 11 item 14:
督促部门 was empty on every row of the responsibility list."""

from django.db import migrations


def forwards(apps, schema_editor):
    Department = apps.get_model("core", "Department")
    Problem = apps.get_model("cases", "Problem")
    lead = Department.objects.filter(is_lead=True).order_by("code").first()
    if lead is not None:
        Problem.objects.filter(responsible_department__isnull=True).update(responsible_department=lead)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_chinese_descriptions"), ("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
