from django.db import migrations

from fairfleet.footprint.loading import DATA_DIR, load_factor_file

# boaviztapi 2.5.0's data again, now with every server archetype (extraction revision 2). A new factor set: the
# profiles that use boavizta-2.5.0 keep it until the organisation switches; new organisations get this one.
FACTOR_FILE = DATA_DIR / "boavizta-2.5.0-r2.json"


def load_servers_factor_set(apps, schema_editor):
    # Idempotent: a database that loaded this file with footprint_load keeps its row.
    load_factor_file(FACTOR_FILE, factor_set_model=apps.get_model("footprint", "FactorSet"))


class Migration(migrations.Migration):
    dependencies = [("footprint", "0004_fleet_partitions")]
    operations = [migrations.RunPython(load_servers_factor_set, migrations.RunPython.noop)]
