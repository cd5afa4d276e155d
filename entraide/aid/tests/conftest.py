"""The aid personas: alice (who asks), bob (her connection), dan (bob's connection), carol
(dan's connection only); the root conftest gives `outsider`."""

from typing import Any

import pytest

from entraide.community.tests.factories import make_person


@pytest.fixture
def alice(db: None) -> Any:
    return make_person("Alice")


@pytest.fixture
def bob(db: None) -> Any:
    return make_person("Bob")


@pytest.fixture
def carol(db: None) -> Any:
    return make_person("Carol")


@pytest.fixture
def dan(db: None) -> Any:
    return make_person("Dan")
