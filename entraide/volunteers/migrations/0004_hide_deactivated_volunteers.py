"""Accounts deactivated before the search stopped reading the person (volunteers/receivers.py
keeps it so from now on): their profiles stop being discoverable."""

from django.db import migrations


def hide_deactivated(apps, schema_editor):
    VolunteerProfile = apps.get_model("volunteers", "VolunteerProfile")
    VolunteerProfile.objects.filter(person__is_active=False, discoverable=True).update(
        discoverable=False
    )


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0003_search_index_covers_discoverable")]

    operations = [migrations.RunPython(hide_deactivated, migrations.RunPython.noop)]
