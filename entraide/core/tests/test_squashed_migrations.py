"""The squashed index migrations of the agenda and the volunteers (docs/decisions/0034) build
the schema the migrations they replace built: a database migrated from zero and one migrated
to the state before the squash, then on, end with the same tables, columns, indexes,
constraints, triggers and (on PostgreSQL) trigger functions, on the database the suite runs on.

Each path runs on a database of its own, made and dropped by the test, so that the suite's test
database is never migrated backwards.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

SQUASHED = {
    ("actions", "0002_squashed_0009_search_indexes"),
    ("volunteers", "0002_squashed_0005_search_indexes"),
}
# The last migrations before the squash: what a database migrated before it holds.
BEFORE_THE_SQUASH = [
    ("actions", "0009_territory_search_index"),
    ("volunteers", "0005_words_in_search_index"),
]

Schema = dict[str, Any]


@pytest.fixture
def spare_database(django_db_setup: None, django_db_blocker: Any, tmp_path: Path) -> Iterator[Any]:
    """`make()` gives an empty database of the suite's vendor under an alias of its own (the
    data migrations of allauth and django-tasks-db write through `using(alias)`)."""
    made: list[tuple[str, BaseDatabaseWrapper]] = []

    def make() -> BaseDatabaseWrapper:
        alias = f"squash_check_{len(made)}"
        settings = dict(connection.settings_dict)
        if connection.vendor == "sqlite":
            settings["NAME"] = str(tmp_path / f"{alias}.sqlite3")
        else:
            settings["NAME"] = f"{connection.settings_dict['NAME']}_{alias}_{os.getpid()}"
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
                cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
        spare = type(connections[DEFAULT_DB_ALIAS])(settings, alias)
        connections[alias] = spare
        made.append((alias, spare))
        return spare

    with django_db_blocker.unblock():
        yield make
        for alias, spare in made:
            spare.close()
            del connections[alias]
            if spare.vendor == "postgresql":
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{spare.settings_dict["NAME"]}"')


def _leaves(loader: MigrationLoader) -> list[tuple[str, str]]:
    return loader.graph.leaf_nodes()


def migrate_from_zero(database: BaseDatabaseWrapper) -> None:
    executor = MigrationExecutor(database)
    executor.migrate(_leaves(executor.loader))


def migrate_through_the_state_before_the_squash(database: BaseDatabaseWrapper) -> None:
    """The replaced migrations up to where the squash ends, as a database migrated before it
    was written; then on with the project's migrations, as that database is upgraded."""
    before = MigrationExecutor(database)
    before.loader = MigrationLoader(database, replace_migrations=False)
    before.migrate(BEFORE_THE_SQUASH)

    after = MigrationExecutor(database)
    plan = after.migration_plan(_leaves(after.loader))
    assert SQUASHED.isdisjoint((m.app_label, m.name) for m, _ in plan)
    after.migrate(_leaves(after.loader))
    # The squashed migrations are recorded as applied: nothing is left to run.
    assert set(after.recorder.applied_migrations()) >= SQUASHED
    assert MigrationExecutor(database).migration_plan(_leaves(after.loader)) == []


def _plain(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def schema_of(database: BaseDatabaseWrapper) -> Schema:
    """Tables, columns and constraints (indexes included) as Django reads them, and what raw
    SQL made: SQLite's triggers and virtual tables, PostgreSQL's index definitions, triggers
    and functions."""
    introspection = database.introspection
    schema: Schema = {}
    with database.cursor() as cursor:
        for table in sorted(introspection.table_names(cursor)):
            schema[f"table {table}"] = {
                "columns": [tuple(column) for column in introspection.get_table_description(cursor, table)],
                "constraints": introspection.get_constraints(cursor, table),
            }  # fmt: skip
        if database.vendor == "sqlite":
            cursor.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master "
                "WHERE type IN ('index', 'trigger') OR sql LIKE 'CREATE VIRTUAL TABLE%' "
                "ORDER BY type, name"
            )
            for kind, name, table, sql in cursor.fetchall():
                schema[f"{kind} {name}"] = (table, _plain(sql))
        else:
            cursor.execute(
                "SELECT indexname, tablename, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() ORDER BY indexname"
            )
            for name, table, definition in cursor.fetchall():
                schema[f"index {name}"] = (table, _plain(definition))
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text, pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE NOT tgisinternal ORDER BY tgname"
            )
            for name, table, definition in cursor.fetchall():
                schema[f"trigger {name}"] = (table, _plain(definition))
            cursor.execute(
                "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc AS p "
                "JOIN pg_namespace AS n ON n.oid = p.pronamespace "
                "WHERE n.nspname = current_schema() AND p.prokind = 'f' ORDER BY p.proname"
            )
            for name, definition in cursor.fetchall():
                schema[f"function {name}"] = _plain(definition)
    return schema


def test_migrating_from_zero_and_from_before_the_squash_give_the_same_schema(
    spare_database: Any, db: None
) -> None:
    # `db`: one data migration of django-tasks-db (0016) writes through the default database,
    # whatever database is migrated; it must be the suite's test database (nothing to update).
    from_zero, from_before = spare_database(), spare_database()

    migrate_from_zero(from_zero)
    migrate_through_the_state_before_the_squash(from_before)

    new, old = schema_of(from_zero), schema_of(from_before)
    # What the squash is about is there (and the comparison is not of two empty databases).
    expected = {
        "sqlite": {"trigger actions_action_fts_insert", "index slot_commune_search_idx"},
        "postgresql": {"trigger actions_action_words_added", "index slot_commune_search_idx"},
    }[connection.vendor]
    assert expected <= set(new)
    assert {"index slot_date_idx", "index actions_action_search_idx"}.isdisjoint(new)
    assert sorted(set(new) ^ set(old)) == []
    assert [name for name in new if new[name] != old[name]] == []


def test_the_suites_own_database_has_the_schema_of_a_migration_from_zero(
    spare_database: Any, db: None
) -> None:
    """The suite's database (built by pytest-django with the squashed migrations) is the one
    the other tests run on: the same schema again, so the comparison above is of the real one."""
    from_zero = spare_database()
    migrate_from_zero(from_zero)

    ours, new = schema_of(connections[DEFAULT_DB_ALIAS]), schema_of(from_zero)

    assert sorted(set(ours) ^ set(new)) == []
    assert [name for name in new if new[name] != ours[name]] == []
