# TEMPORARY (helper volunteers-ui): delete once the lead wires entraide.volunteers.urls.
import pytest
from django.urls import NoReverseMatch, reverse


@pytest.fixture(autouse=True)
def _volunteer_urls(settings):
    try:
        reverse("volunteers:profile")
        reverse("core:notifications")
    except NoReverseMatch:
        settings.ROOT_URLCONF = "entraide.volunteers.tests._urls_override"
