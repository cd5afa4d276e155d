"""scripts/screenshots.py takes the four pictures the README links to, of pages that answer: its
list is checked here against the layout tests' territory (the script itself is not run)."""

import importlib.util
from pathlib import Path

import pytest

from entraide.core.tests.phone_world import build_phone_world

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "screenshots.py"


def load_script():
    spec = importlib.util.spec_from_file_location("screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_screenshot_list_names_the_four_pictures_of_pages_that_answer(
    client, association_admin, staff, saint_dizier, outsider, volunteer
):
    script = load_script()
    world = build_phone_world(association_admin, staff, saint_dizier, outsider)

    assert [shot.filename for shot in script.SHOTS] == [
        "agenda.png",
        "directory.png",
        "action.png",
        "menu.png",
    ]
    for shot in script.SHOTS:
        if shot.logged_in:
            client.force_login(volunteer)
        assert client.get(shot.path(world)).status_code == 200, shot.filename
