"""The volunteers' search indexes as they stand after migrations 0002 to 0005, which rebuilt
the covering index of the search three times while it was measured
(docs/decisions/0034-squashed-index-migrations.md). A database that ran 0002–0005 records this
migration as applied and runs nothing of it."""

from django.conf import settings
from django.db import migrations, models


def hide_deactivated(apps, schema_editor):
    """Accounts deactivated before the search stopped reading the person (was 0004;
    volunteers/receivers.py keeps it so from then on): their profiles stop being discoverable."""
    VolunteerProfile = apps.get_model("volunteers", "VolunteerProfile")
    profiles = VolunteerProfile.objects.using(schema_editor.connection.alias)
    profiles.filter(person__is_active=False, discoverable=True).update(discoverable=False)


class Migration(migrations.Migration):
    replaces = [
        ("volunteers", "0002_search_covering_index"),
        ("volunteers", "0003_search_index_covers_discoverable"),
        ("volunteers", "0004_hide_deactivated_volunteers"),
        ("volunteers", "0005_words_in_search_index"),
    ]

    dependencies = [
        ("territories", "0001_initial"),
        ("volunteers", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="volunteerprofile", name="volunteer_search_idx"),
        migrations.AddIndex(
            model_name="availabilityperiod",
            index=models.Index(
                fields=["profile", "kind", "starts_on", "ends_on"], name="period_profile_kind_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="volunteerprofile",
            index=models.Index(
                condition=models.Q(("discoverable", True)),
                fields=[
                    "cell",
                    "travel_km",
                    "latitude",
                    "longitude",
                    "interests",
                    "skills",
                    "week_mask",
                    "last_proposal_at",
                    "monthly_proposals",
                    "id",
                    "discoverable",
                    "search_document",
                ],
                name="volunteer_search_cover_idx",
            ),
        ),
        migrations.RunPython(hide_deactivated, migrations.RunPython.noop, elidable=True),
    ]
