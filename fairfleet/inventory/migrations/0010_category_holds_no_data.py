from django.db import migrations, models

# The built-in categories that keep no data (fairfleet.inventory.categories.NO_DATA_CATEGORIES at this time).
NO_DATA = ["monitor", "projector", "dock", "peripheral", "furniture"]


def mark_no_data(apps, schema_editor):
    Category = apps.get_model("inventory", "Category")
    Category.objects.filter(organisation=None, code__in=NO_DATA).update(holds_no_data=True)


class Migration(migrations.Migration):
    dependencies = [("inventory", "0009_import_header_row")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="holds_no_data",
            field=models.BooleanField(default=False, verbose_name="holds no data"),
        ),
        migrations.RunPython(mark_no_data, migrations.RunPython.noop),
    ]
