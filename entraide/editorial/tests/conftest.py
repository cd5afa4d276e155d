"""The newsroom's personas, on top of the root conftest's (`territory`, `staff` Sophie,
`volunteer` Camille, `outsider` Olivier): Eve an editor (given by Sophie), Colin a contributor
(invited by Eve), and Oscar, editor of another territory."""

from typing import Any

import pytest

from entraide.community.tests.factories import make_person
from entraide.editorial import services
from entraide.territories.services import create_territory
from entraide.territories.tests.factories import CommuneFactory


@pytest.fixture
def editor(staff: Any, territory: Any) -> Any:
    eve = make_person("Eve")
    services.give_editor_role(staff, territory, eve)
    return eve


@pytest.fixture
def contributor(editor: Any, territory: Any) -> Any:
    colin = make_person("Colin")
    services.add_contributor(editor, territory, colin)
    return colin


@pytest.fixture
def other_territory(db: None) -> Any:
    commune = CommuneFactory(insee_code="52121", name="Chaumont", postcodes="52000")
    return create_territory(
        None, name="Chaumont", slug="chaumont", commune_codes=[commune.insee_code]
    )


@pytest.fixture
def other_editor(other_territory: Any) -> Any:
    from entraide.territories.services import add_territory_staff

    oscar = make_person("Oscar")
    add_territory_staff(None, other_territory, oscar)
    return oscar
