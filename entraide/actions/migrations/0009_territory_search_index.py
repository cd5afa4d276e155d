# The territory's way into the agenda, covering like the other two (models.py); built before
# the narrow index it replaces is dropped, so that no moment lacks an index led by the commune.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0008_slot_foreign_keys_use_composite_indexes"),
        ("territories", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="slot",
            index=models.Index(
                fields=[
                    "commune",
                    "is_listed",
                    "starts_at",
                    "id",
                    "interests",
                    "week_mask",
                    "skills",
                    "seats_taken",
                    "open_to_minors",
                    "is_remote",
                    "action",
                    "cell",
                    "latitude",
                    "longitude",
                    "capacity",
                    "kind",
                ],
                name="slot_commune_search_idx",
            ),
        ),
        migrations.RemoveIndex(
            model_name="slot",
            name="slot_commune_date_idx",
        ),
    ]
