from django.db import migrations

from fairfleet.footprint.loading import BUNDLED_FACTOR_FILE, load_factor_file


def load_bundled_factor_set(apps, schema_editor):
    # Idempotent: a database that loaded this file with footprint_load keeps its row.
    load_factor_file(BUNDLED_FACTOR_FILE, factor_set_model=apps.get_model("footprint", "FactorSet"))


class Migration(migrations.Migration):
    dependencies = [("footprint", "0001_initial")]
    operations = [migrations.RunPython(load_bundled_factor_set, migrations.RunPython.noop)]
