"""Triggers written by migrations in raw SQL survive the migrations after them. SQLite's schema
editor copies a whole table to add a NOT NULL column or change a field, and the copy silently
drops the table's triggers: the agenda's word search (FTS5, actions/0002) would then stop
seeing new and edited actions, with no error anywhere."""

import re
from pathlib import Path

import pytest
from django.db import connection

PACKAGE = Path(__file__).resolve().parents[2]
CREATED = re.compile(r"CREATE TRIGGER (?:IF NOT EXISTS )?(\w+)")


def triggers_written_by_migrations() -> dict[str, set[str]]:
    """The triggers each vendor's statements create, by name: SQLite's trigger holds its body
    (BEGIN … END), PostgreSQL's executes a function."""
    found: dict[str, set[str]] = {"sqlite": set(), "postgresql": set()}
    for module in PACKAGE.glob("*/migrations/*.py"):
        source = module.read_text()
        for match in CREATED.finditer(source):
            statement = source[match.start() : match.start() + 400]
            vendor = "postgresql" if "EXECUTE" in statement.split("END")[0] else "sqlite"
            found[vendor].add(match[1])
    return found


def triggers_in_the_database() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_every_trigger_a_migration_wrote_is_still_there_after_the_last_one() -> None:
    expected = triggers_written_by_migrations()[connection.vendor]

    assert expected, "the migrations' triggers were not found: the pattern above is stale"
    assert sorted(expected - triggers_in_the_database()) == []
