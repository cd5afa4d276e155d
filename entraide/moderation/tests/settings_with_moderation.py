"""TEMPORARY (delete once the lead adds "entraide.moderation" to INSTALLED_APPS)."""

from entraide.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "entraide.moderation"]  # noqa: F405

ROOT_URLCONF = "entraide.moderation.tests.urls_with_core"
