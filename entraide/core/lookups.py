"""`field__any_of=ids`: the `in` lookup, written on PostgreSQL as `= ANY(%s)` with the ids as
one array parameter. An IN list of thousands of placeholders made psycopg parse and adapt the
statement anew on every call (its statement cache stops at 4 kB), which was half the time of a
fan-out to a few thousand people (docs/benchmarks.md, « Le réseau de confiance »). On SQLite it
is the plain `in`. Registered on every field by CoreConfig.ready."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Field
from django.db.models.fields.related import ForeignObject
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


class _AsArrayOnPostgreSQL:
    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        if not self.rhs_is_direct_value():  # type: ignore[attr-defined]
            return super().as_sql(compiler, connection)  # type: ignore[misc]
        lhs, lhs_params = self.process_lhs(compiler, connection)  # type: ignore[attr-defined]
        values = [value for value in self.rhs if value is not None]  # type: ignore[attr-defined]
        if not values:
            raise EmptyResultSet
        db_type = self.lhs.output_field.db_type(connection)  # type: ignore[attr-defined]
        return f"{lhs} = ANY(%s::{db_type}[])", (*lhs_params, array_literal(values))


class AnyOf(_AsArrayOnPostgreSQL, In):
    lookup_name = "any_of"


class RelatedAnyOf(_AsArrayOnPostgreSQL, RelatedIn):
    """The same on a foreign key (`person_id__any_of`, `person__any_of`): Django looks a
    relation's lookups up on ForeignObject, not on Field."""

    lookup_name = "any_of"


def array_literal(values: Iterable[Any]) -> str:
    """A PostgreSQL array as its text form, sent as one string and cast in the statement:
    psycopg quotes one string at once where it adapts a list element by element."""
    return "{" + ",".join(_element(value) for value in values) + "}"


def _element(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def register() -> None:
    Field.register_lookup(AnyOf)
    ForeignObject.register_lookup(RelatedAnyOf)
