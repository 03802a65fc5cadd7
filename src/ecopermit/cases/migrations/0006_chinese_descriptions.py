"""Problem descriptions, timeline notes and notice contents written before issue 11 held the English "not
compliant" (inspection findings): write it in Chinese."""

from django.db import migrations

OLD, NEW = "not compliant", "不符合要求"


def forwards(apps, schema_editor):
    Problem = apps.get_model("cases", "Problem")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Notice = apps.get_model("cases", "RectificationNotice")
    for model, field in ((Problem, "description"), (CaseEvent, "note")):
        for row in model.objects.filter(**{f"{field}__contains": OLD}).only("pk", field):
            setattr(row, field, getattr(row, field).replace(OLD, NEW))
            row.save(update_fields=[field])
    for notice in Notice.objects.all().only("pk", "content"):
        problems = (notice.content or {}).get("problems") or []
        if any(OLD in (p.get("description") or "") for p in problems):
            for p in problems:
                p["description"] = (p.get("description") or "").replace(OLD, NEW)
            notice.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_problem_kinds_merged")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
