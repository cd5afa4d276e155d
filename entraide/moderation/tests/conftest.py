"""The messaging personas and conversation, for reports about messages."""

from django.apps import apps

from entraide.messaging.tests.conftest import (  # noqa: F401 - fixtures
    _mail_runs_at_once,
    co_admin,
    conversation,
    organisation,
    plain_member,
    unverified_organisation,
    write_to,
)

# TEMPORARY-NOTIFICATIONS: until "entraide.moderation" is in INSTALLED_APPS.
collect_ignore_glob = [] if apps.is_installed("entraide.moderation") else ["test_*.py"]
