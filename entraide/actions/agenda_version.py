"""The agenda's version: the key of its shared copies (core/shared_pages.py, docs/decisions/0012).

The shared copies show slots, their action and organisation, so any change to one of them moves
the version. Saves move it through the receivers; bulk writes call `agenda_changed()` themselves.
"""

from entraide.core.shared_pages import listing_changed

AGENDA = "agenda"


def agenda_changed() -> None:
    listing_changed(AGENDA)
