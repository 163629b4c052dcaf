from django.db import migrations, models


def first_row(apps, schema_editor):
    apps.get_model("matching", "OfferIndexVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_mismatch_report"),
    ]

    operations = [
        migrations.CreateModel(
            name="OfferIndexVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("counter", models.BigIntegerField(default=0, verbose_name="version")),
                ("full", models.BigIntegerField(default=0, verbose_name="full rebuilds asked for")),
                ("changed_at", models.DateTimeField(auto_now=True, verbose_name="changed at")),
            ],
            options={
                "verbose_name": "offer index version",
                "verbose_name_plural": "offer index versions",
            },
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
