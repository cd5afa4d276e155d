"""Word search over actions: SQLite FTS5 or a PostgreSQL GIN index, over the same pre-stemmed
words (docs/decisions/0010-agenda-word-search.md)."""

from django.db import migrations

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
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS actions_action_fts_update",
    "DROP TRIGGER IF EXISTS actions_action_fts_delete",
    "DROP TRIGGER IF EXISTS actions_action_fts_insert",
    "DROP TABLE IF EXISTS actions_action_fts",
]
POSTGRES_FORWARDS = [
    "CREATE INDEX actions_action_search_idx ON actions_action "
    "USING gin (to_tsvector('simple'::regconfig, search_document))",
]
POSTGRES_BACKWARDS = ["DROP INDEX IF EXISTS actions_action_search_idx"]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("actions", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRES_FORWARDS}),
            run({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRES_BACKWARDS}),
        )
    ]
