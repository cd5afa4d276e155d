from django.db import migrations, models

FIELD = models.URLField(blank=True, verbose_name="lien du replay")


def add_column(apps, schema_editor):
    """SQLite's schema editor would copy the whole table to add a NOT NULL column, and the copy
    drops the FTS5 triggers of 0002 (the search would stop seeing new actions): a plain ADD
    COLUMN with a constant default keeps them, and is instant on a million rows."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "ALTER TABLE actions_action ADD COLUMN replay_url varchar(200) NOT NULL DEFAULT ''"
        )
        return
    field = FIELD.clone()
    field.set_attributes_from_name("replay_url")
    schema_editor.add_field(apps.get_model("actions", "Action"), field)


def drop_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE actions_action DROP COLUMN replay_url")


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0010_join_intent_kept_with_the_account"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name="action", name="replay_url", field=FIELD),
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
    ]
