import uuid

from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("preciseu_kb", "DataVersion").objects.create(token=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [("preciseu_kb", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
