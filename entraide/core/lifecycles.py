"""Lifecycles as data (docs/decisions/0032). Each status enum has beside it, in its app's
enums.py, the table of its transitions: for each, the statuses it starts from, those it leads
to, and the refusal a person reads when the row is elsewhere. Every service that changes a
status asks `check` first, with the status read under the row's lock, so the table is the
whole answer to "can this happen now?", and a new status or service is one line of it."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise

from entraide.core.exceptions import ActionRefused


@dataclass(frozen=True)
class Transition:
    """One way a status may change: from any of `sources` to one of `targets`."""

    sources: frozenset[str]
    targets: frozenset[str]
    refusal: str | Promise
    # A clearer refusal for some statuses out of `sources` (an action already cancelled).
    refusal_from: Mapping[str, str | Promise] = field(default_factory=dict)

    def allows(self, current: str) -> bool:
        return current in self.sources

    def refusal_for(self, current: str) -> str:
        return str(self.refusal_from.get(current, self.refusal))


def transition(
    sources: Iterable[str],
    targets: Iterable[str],
    refusal: str | Promise,
    *,
    refusal_from: Mapping[str, str | Promise] | None = None,
) -> Transition:
    return Transition(
        sources=frozenset(str(s) for s in sources),
        targets=frozenset(str(t) for t in targets),
        refusal=refusal,
        refusal_from={str(k): v for k, v in (refusal_from or {}).items()},
    )


def check(step: Transition, current: str, *, field: str | None = None) -> None:
    """The one guard of every transition service: refuse (ActionRefused, with the table's
    message) unless a row in status `current` may take this step."""
    if not step.allows(current):
        raise ActionRefused(step.refusal_for(current), field=field)


def reachable(lifecycle: Mapping[str, Transition], status: str) -> frozenset[str]:
    """The statuses one step of `lifecycle` leads to from `status` (for the tests and docs)."""
    return frozenset(
        target for step in lifecycle.values() if step.allows(status) for target in step.targets
    )
