from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from entraide.core.audit import audit_trail, log_action, mask_secrets
from entraide.core.models import AuditEntry


def test_mask_secrets_hides_passwords_tokens_and_contact_details():
    data = {
        "password": "x",
        "api_token": "y",
        "Email": "a@b.c",
        "phone_number": "06",
        "name": "Camille",
    }

    assert mask_secrets(data) == {
        "password": "***",
        "api_token": "***",
        "Email": "***",
        "phone_number": "***",
        "name": "Camille",
    }


def test_mask_secrets_goes_into_nested_dicts():
    assert mask_secrets({"changes": {"secret_key": "s", "count": 2}}) == {
        "changes": {"secret_key": "***", "count": 2}
    }


def test_log_action_writes_actor_action_target_and_masked_data(volunteer, outsider):
    entry = log_action(
        volunteer, "accounts.profile.updated", outsider, fields=["bio"], email="x@y.z"
    )

    entry.refresh_from_db()
    assert entry.actor == volunteer
    assert entry.action == "accounts.profile.updated"
    assert entry.target_type == ContentType.objects.get_for_model(outsider)
    assert entry.target_id == str(outsider.pk)
    assert entry.target == outsider
    assert entry.target_label == str(outsider)
    assert entry.data == {"fields": ["bio"], "email": "***"}


def test_log_action_by_anonymous_or_system_has_no_actor(db):
    anonymous = log_action(AnonymousUser(), "core.test.anonymous")
    system = log_action(None, "core.test.system")

    assert anonymous.actor is None
    assert system.actor is None
    assert system.target_id == ""
    assert system.target_type is None


def test_audit_trail_lists_entries_about_one_object_newest_first(volunteer, outsider):
    first = log_action(volunteer, "core.test.first", outsider)
    log_action(volunteer, "core.test.other", volunteer)
    second = log_action(volunteer, "core.test.second", outsider)

    assert list(audit_trail(outsider)) == [second, first]
    assert AuditEntry.objects.count() == 3
