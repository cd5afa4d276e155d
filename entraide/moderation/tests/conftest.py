"""The messaging personas and conversation, for reports about messages."""

from entraide.messaging.tests.conftest import (  # noqa: F401 - fixtures
    _mail_runs_at_once,
    co_admin,
    conversation,
    organisation,
    plain_member,
    unverified_organisation,
    write_to,
)
from entraide.moderation.tests.world import world  # noqa: F401 - built once per test module
