"""Every status enum's lifecycle table names only its own statuses, and reaches every one."""

import pytest

from entraide.actions.enums import (
    ACTION_LIFECYCLE,
    PARTICIPATION_LIFECYCLE,
    ActionStatus,
    ParticipationStatus,
)
from entraide.core.exceptions import ActionRefused
from entraide.core.lifecycles import check, transition
from entraide.moderation.enums import REPORT_LIFECYCLE, ReportStatus
from entraide.organisations.enums import (
    IDENTITY_CHANGE_LIFECYCLE,
    INVITATION_LIFECYCLE,
    PARTNERSHIP_LIFECYCLE,
    VERIFICATION_LIFECYCLE,
    IdentityChangeStatus,
    InvitationStatus,
    PartnershipStatus,
    VerificationStatus,
)

LIFECYCLES = [
    (ActionStatus, ACTION_LIFECYCLE, {ActionStatus.DRAFT}),
    (ParticipationStatus, PARTICIPATION_LIFECYCLE,
     {ParticipationStatus.PENDING, ParticipationStatus.CONFIRMED, ParticipationStatus.WAITLISTED}),
    (VerificationStatus, VERIFICATION_LIFECYCLE, {VerificationStatus.PENDING}),
    (InvitationStatus, INVITATION_LIFECYCLE, {InvitationStatus.PENDING}),
    (PartnershipStatus, PARTNERSHIP_LIFECYCLE, {PartnershipStatus.PENDING}),
    (IdentityChangeStatus, IDENTITY_CHANGE_LIFECYCLE, {IdentityChangeStatus.PENDING}),
    (ReportStatus, REPORT_LIFECYCLE, {ReportStatus.OPEN}),
]  # fmt: skip


@pytest.mark.parametrize(("enum", "lifecycle", "created_as"), LIFECYCLES)
def test_a_lifecycle_names_its_statuses_and_reaches_each(enum, lifecycle, created_as):
    statuses = set(enum)
    named = set(created_as)
    for step in lifecycle.values():
        assert step.sources <= statuses and step.targets <= statuses
        named |= step.sources | step.targets
    assert named == statuses


def test_the_guard_refuses_with_the_message_of_the_status_it_finds():
    step = transition(["a"], ["b"], "Pas depuis ici.", refusal_from={"b": "Déjà fait."})

    check(step, "a")
    with pytest.raises(ActionRefused, match=r"Déjà fait\."):
        check(step, "b")
    with pytest.raises(ActionRefused, match=r"Pas depuis ici\.") as refused:
        check(step, "c", field="status")
    assert refused.value.field == "status"
