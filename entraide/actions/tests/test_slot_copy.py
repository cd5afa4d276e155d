"""One module computes what a slot copies (actions/slot_copy.py): the slots the services write
hold exactly its values, and so do those of the benchmark's generator, which calls it too."""

from pathlib import Path

import pytest

from entraide.actions import slot_copy
from entraide.actions.models import Slot
from entraide.actions.tests.factories import first_slot, make_action

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def copies_of(slot: Slot) -> dict:
    return {name: getattr(slot, name) for name in slot_copy.COPIED_FIELDS}


def test_the_copy_names_its_fields():
    assert set(slot_copy.COPIED_FIELDS) <= {f.attname for f in Slot._meta.concrete_fields}


def test_a_new_slot_holds_the_copy_of_its_action(association_admin, organisation):
    action = make_action(association_admin, organisation)
    slot = Slot.objects.get(pk=first_slot(action).pk)

    assert copies_of(slot) == slot_copy.copied_from(action)
    assert slot.is_listed
    assert slot.week_mask == slot_copy.week_mask_of(slot.starts_at, slot.ends_at)


def test_a_draft_and_an_unverified_organisation_are_not_listed(association_admin, organisation):
    draft = make_action(association_admin, organisation, publish=False)

    assert slot_copy.copied_from(draft)["is_listed"] is False
    organisation.status = "rejected"
    published = make_action(association_admin, organisation, publish=False)
    published.status = "published"
    assert slot_copy.is_listed(published, organisation) is False


def test_the_benchmark_generator_copies_through_the_same_module():
    source = (ROOT / "bench" / "generation.py").read_text()

    assert "slot_copy.copied_from(" in source
    assert "slot_copy.week_mask_of(" in source
