import uuid

from django.db import migrations

# code, English name, IT equipment. Labels are translated in fairfleet.inventory.categories.
BUILTIN = [
    ("laptop", "Laptop", True), ("desktop", "Desktop computer", True), ("all_in_one", "All-in-one computer", True),
    ("thin_client", "Thin client", True), ("workstation", "Workstation", True), ("monitor", "Monitor", True),
    ("tablet", "Tablet", True), ("smartphone", "Smartphone", True), ("feature_phone", "Feature phone", True),
    ("printer", "Printer or multifunction", True), ("projector", "Projector", True), ("server", "Server", True),
    ("network", "Network equipment", True), ("storage", "Storage array", True), ("dock", "Docking station", True),
    ("peripheral", "Peripheral", True), ("furniture", "Office furniture", False),
]


def create_builtin_categories(apps, schema_editor):
    Category = apps.get_model("inventory", "Category")
    for code, name, is_it in BUILTIN:
        Category.objects.get_or_create(
            organisation=None, code=code, defaults={"name": name, "is_it": is_it, "public_id": uuid.uuid4()}
        )


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_initial")]
    operations = [migrations.RunPython(create_builtin_categories, migrations.RunPython.noop)]
