"""The agenda's search indexes as they stand after migrations 0002 to 0009, which built, dropped
and rebuilt them while the search was measured (docs/decisions/0034-squashed-index-migrations.md).

A database that ran 0002–0009 records this migration as applied and runs nothing of it; a new
one builds the final indexes at once: no GIN index made only to be dropped (0002 → 0005), no
slot index made three times over (0001 → 0003 → 0004 → 0006). What each vendor gets:
- both: the slots' three covering indexes (cells, dates, commune: docs/decisions/0013, 0024),
  without the foreign keys' own indexes (the covering ones lead by the same columns);
- SQLite: the FTS5 table over the actions' search documents and its triggers (0010);
- PostgreSQL: the (word, action, point) table filled by triggers (0014, 0015), not FTS5.
"""

import django.db.models.deletion
from django.db import migrations, models

# --- SQLite: FTS5 over the actions' search documents (was 0002) ---------------------------

SQLITE_FORWARDS = [
    "CREATE VIRTUAL TABLE actions_action_fts USING fts5(search_document, content='actions_action', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER actions_action_fts_insert AFTER INSERT ON actions_action BEGIN "
    "INSERT INTO actions_action_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
    "CREATE TRIGGER actions_action_fts_delete AFTER DELETE ON actions_action BEGIN "
    "INSERT INTO actions_action_fts(actions_action_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END",
    "CREATE TRIGGER actions_action_fts_update AFTER UPDATE OF search_document ON actions_action BEGIN "
    "INSERT INTO actions_action_fts(actions_action_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO actions_action_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
    # Actions written between 0001 and this migration: FTS5's external content is read as is.
    "INSERT INTO actions_action_fts(actions_action_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS actions_action_fts_update",
    "DROP TRIGGER IF EXISTS actions_action_fts_delete",
    "DROP TRIGGER IF EXISTS actions_action_fts_insert",
    "DROP TABLE IF EXISTS actions_action_fts",
]

# --- PostgreSQL: the words of each action in actions_actionword (were 0005 and 0007) -------
# Whichever way an action is written (the ORM, bulk writes, the admin, raw SQL): a statement
# trigger for inserts and deletes (bulk writes pass their rows at once), a row trigger for an
# update that changes the words or the point. Words longer than 50 letters
# (core.text.MAX_WORD_LENGTH) are left out: an index entry must stay under 2,704 bytes.

POSTGRES_FORWARDS = [
    """CREATE FUNCTION actions_action_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO actions_actionword (action_id, word, latitude, longitude)
        SELECT DISTINCT added.id, word, added.latitude, added.longitude
        FROM added, unnest(string_to_array(btrim(added.search_document), ' ')) AS word
        WHERE word <> '' AND length(word) <= 50;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION actions_action_words_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM actions_actionword AS w USING removed WHERE w.action_id = removed.id;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION actions_action_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM actions_actionword WHERE action_id = OLD.id;
        INSERT INTO actions_actionword (action_id, word, latitude, longitude)
        SELECT DISTINCT NEW.id, word, NEW.latitude, NEW.longitude
        FROM unnest(string_to_array(btrim(NEW.search_document), ' ')) AS word
        WHERE word <> '' AND length(word) <= 50;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER actions_action_words_added AFTER INSERT ON actions_action "
    "REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION actions_action_words_added()",
    "CREATE TRIGGER actions_action_words_removed AFTER DELETE ON actions_action "
    "REFERENCING OLD TABLE AS removed FOR EACH STATEMENT "
    "EXECUTE FUNCTION actions_action_words_removed()",
    "CREATE TRIGGER actions_action_words_changed "
    "AFTER UPDATE OF search_document, latitude, longitude ON actions_action FOR EACH ROW "
    "WHEN (OLD.search_document IS DISTINCT FROM NEW.search_document "
    "OR OLD.latitude IS DISTINCT FROM NEW.latitude "
    "OR OLD.longitude IS DISTINCT FROM NEW.longitude) "
    "EXECUTE FUNCTION actions_action_words_changed()",
    # The actions already there; the index is built afterwards (AddIndex below), on the filled
    # table.
    "INSERT INTO actions_actionword (action_id, word, latitude, longitude) "
    "SELECT DISTINCT a.id, word, a.latitude, a.longitude "
    "FROM actions_action AS a, unnest(string_to_array(btrim(a.search_document), ' ')) AS word "
    "WHERE word <> '' AND length(word) <= 50",
]
POSTGRES_BACKWARDS = [
    "DROP TRIGGER IF EXISTS actions_action_words_changed ON actions_action",
    "DROP TRIGGER IF EXISTS actions_action_words_removed ON actions_action",
    "DROP TRIGGER IF EXISTS actions_action_words_added ON actions_action",
    "DROP FUNCTION IF EXISTS actions_action_words_changed()",
    "DROP FUNCTION IF EXISTS actions_action_words_removed()",
    "DROP FUNCTION IF EXISTS actions_action_words_added()",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


# --- Both: the foreign keys' own indexes on the slots (was 0008) --------------------------
# They duplicate the first column of slot_action_date_idx and slot_commune_search_idx, and every
# index of the table is written again when a sign-up changes `seats_taken`. Dropped by name
# rather than by Django's AlterField, which copies the whole table twice on SQLite.
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
    replaces = [
        ("actions", "0002_word_search_index"),
        ("actions", "0003_covering_date_index"),
        ("actions", "0004_covering_search_indexes"),
        ("actions", "0005_action_word_index"),
        ("actions", "0006_search_index_column_order"),
        ("actions", "0007_word_places"),
        ("actions", "0008_slot_foreign_keys_use_composite_indexes"),
        ("actions", "0009_territory_search_index"),
    ]

    dependencies = [
        ("actions", "0001_initial"),
        ("territories", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(run({"sqlite": SQLITE_FORWARDS}), run({"sqlite": SQLITE_BACKWARDS})),
        # The slots' covering indexes, then the narrow ones of 0001 they replace.
        migrations.AddIndex(
            model_name="slot",
            index=models.Index(
                fields=[
                    "is_listed",
                    "cell",
                    "starts_at",
                    "id",
                    "interests",
                    "week_mask",
                    "skills",
                    "seats_taken",
                    "open_to_minors",
                    "is_remote",
                    "action",
                    "latitude",
                    "longitude",
                    "capacity",
                    "kind",
                    "commune",
                ],
                name="slot_cell_search_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="slot",
            index=models.Index(
                fields=[
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
                    "commune",
                ],
                name="slot_date_search_idx",
            ),
        ),
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
        migrations.RemoveIndex(model_name="slot", name="slot_cell_date_idx"),
        migrations.RemoveIndex(model_name="slot", name="slot_date_idx"),
        migrations.RemoveIndex(model_name="slot", name="slot_commune_date_idx"),
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
        ),
        # PostgreSQL's word table (SQLite keeps it empty, for one schema on both).
        migrations.CreateModel(
            name="ActionWord",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "action",
                        "word",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("word", models.TextField()),
                (
                    "action",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="actions.action",
                    ),
                ),
                ("latitude", models.FloatField(null=True)),
                ("longitude", models.FloatField(null=True)),
            ],
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARDS}), run({"postgresql": POSTGRES_BACKWARDS})
        ),
        migrations.AddIndex(
            model_name="actionword",
            index=models.Index(
                fields=["word", "action", "latitude", "longitude"],
                name="action_word_lookup_idx",
                opclasses=["text_pattern_ops", "int8_ops", "float8_ops", "float8_ops"],
            ),
        ),
    ]
