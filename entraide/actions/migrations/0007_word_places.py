from django.db import migrations, models

# The word rows carry their action's point, so that a word search near a place keeps only the
# actions in its box while reading the word index (docs/decisions/0015). The triggers of
# migration 0005 now copy the point too, and rewrite an action's words when it moves. Words
# longer than 50 letters (core.text.MAX_WORD_LENGTH), which documents written before that rule
# may hold, are left out: an index entry must stay under 2,704 bytes.
WORDS_OF_ADDED = """
    INSERT INTO actions_actionword (action_id, word, latitude, longitude)
    SELECT DISTINCT added.id, word, added.latitude, added.longitude
    FROM added, unnest(string_to_array(btrim(added.search_document), ' ')) AS word
    WHERE word <> '' AND length(word) <= 50"""
POSTGRES_FORWARDS = [
    f"""CREATE OR REPLACE FUNCTION actions_action_words_added() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        {WORDS_OF_ADDED};
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION actions_action_words_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM actions_actionword WHERE action_id = OLD.id;
        INSERT INTO actions_actionword (action_id, word, latitude, longitude)
        SELECT DISTINCT NEW.id, word, NEW.latitude, NEW.longitude
        FROM unnest(string_to_array(btrim(NEW.search_document), ' ')) AS word
        WHERE word <> '' AND length(word) <= 50;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER actions_action_words_changed ON actions_action",
    "CREATE TRIGGER actions_action_words_changed "
    "AFTER UPDATE OF search_document, latitude, longitude ON actions_action FOR EACH ROW "
    "WHEN (OLD.search_document IS DISTINCT FROM NEW.search_document "
    "OR OLD.latitude IS DISTINCT FROM NEW.latitude "
    "OR OLD.longitude IS DISTINCT FROM NEW.longitude) "
    "EXECUTE FUNCTION actions_action_words_changed()",
    # Written again rather than updated in place: one pass, no dead rows, and the index is
    # built afterwards (AddIndex below) on the filled table.
    "TRUNCATE actions_actionword",
    "INSERT INTO actions_actionword (action_id, word, latitude, longitude) "
    "SELECT DISTINCT a.id, word, a.latitude, a.longitude "
    "FROM actions_action AS a, unnest(string_to_array(btrim(a.search_document), ' ')) AS word "
    "WHERE word <> '' AND length(word) <= 50",
]
POSTGRES_BACKWARDS = [
    """CREATE OR REPLACE FUNCTION actions_action_words_added() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO actions_actionword (action_id, word)
        SELECT DISTINCT added.id, word
        FROM added, unnest(string_to_array(btrim(added.search_document), ' ')) AS word
        WHERE word <> '';
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION actions_action_words_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM actions_actionword WHERE action_id = OLD.id;
        INSERT INTO actions_actionword (action_id, word)
        SELECT DISTINCT NEW.id, word
        FROM unnest(string_to_array(btrim(NEW.search_document), ' ')) AS word
        WHERE word <> '';
        RETURN NULL;
    END $$""",
    "DROP TRIGGER actions_action_words_changed ON actions_action",
    "CREATE TRIGGER actions_action_words_changed AFTER UPDATE OF search_document ON actions_action "
    "FOR EACH ROW WHEN (OLD.search_document IS DISTINCT FROM NEW.search_document) "
    "EXECUTE FUNCTION actions_action_words_changed()",
]


def on_postgresql(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0006_search_index_column_order"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="actionword", name="action_word_lookup_idx"),
        migrations.AddField(
            model_name="actionword", name="latitude", field=models.FloatField(null=True)
        ),
        migrations.AddField(
            model_name="actionword", name="longitude", field=models.FloatField(null=True)
        ),
        migrations.RunPython(on_postgresql(POSTGRES_FORWARDS), on_postgresql(POSTGRES_BACKWARDS)),
        migrations.AddIndex(
            model_name="actionword",
            index=models.Index(
                fields=["word", "action", "latitude", "longitude"],
                name="action_word_lookup_idx",
                opclasses=["text_pattern_ops", "int8_ops", "float8_ops", "float8_ops"],
            ),
        ),
    ]
