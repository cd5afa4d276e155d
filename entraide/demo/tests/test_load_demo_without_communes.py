"""Apart from test_load_demo.py, whose module holds a loaded demo for all its tests."""

import pytest
from django.core.management import CommandError, call_command


def test_load_demo_without_communes_asks_for_load_communes(db: None) -> None:
    with pytest.raises(CommandError, match="load_communes"):
        call_command("load_demo", seed=1)
