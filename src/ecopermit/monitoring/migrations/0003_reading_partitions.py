"""On PostgreSQL, the readings table becomes partitioned by month of ``time`` (see ingest/partitions.py).

Nothing changes on SQLite or in Django's model state: the columns and the composite primary key stay.
"""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from ecopermit.monitoring.ingest.partitions import partition_table

    partition_table(schema_editor)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from ecopermit.monitoring.ingest.partitions import unpartition_table

    unpartition_table(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_alarms_declarations_electricity")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
