import django.db.models.deletion
from django.db import migrations, models

# The slots' own indexes on `action` and `commune` duplicate the first column of
# slot_action_date_idx and slot_commune_date_idx, and every index of the table is written again
# when a sign-up changes `seats_taken`. Dropped by name rather than by Django's AlterField, which
# copies the whole table twice on SQLite and checks the foreign keys again on PostgreSQL.
DROPPED = {
    "actions_slot_action_id_77f1e67f": 'CREATE INDEX "actions_slot_action_id_77f1e67f" '
    'ON "actions_slot" ("action_id")',
    "actions_slot_commune_id_d34f7bec": 'CREATE INDEX "actions_slot_commune_id_d34f7bec" '
    'ON "actions_slot" ("commune_id")',
}
# PostgreSQL also gave the text key a LIKE index, which SQLite has not.
LIKE_INDEX = "actions_slot_commune_id_d34f7bec_like"


def drop_like_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{LIKE_INDEX}"')


def restore_like_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX "{LIKE_INDEX}" ON "actions_slot" ("commune_id" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0007_word_places"),
        ("territories", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                *[
                    migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"', backwards)
                    for name, backwards in DROPPED.items()
                ],
                migrations.RunPython(drop_like_index, restore_like_index),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="slot",
                    name="action",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="slots",
                        to="actions.action",
                    ),
                ),
                migrations.AlterField(
                    model_name="slot",
                    name="commune",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="territories.commune",
                    ),
                ),
            ],
        )
    ]
