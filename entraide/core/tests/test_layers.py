"""An app imports `core` and the apps it builds on, never an app built on it (ARCHITECTURE.md):
a page of a lower app that shows what a higher one adds asks for its sections
(core/page_sections.py), and a rule that needs the apps above registers predicates
(accounts/rules.py). This test reads every module's imports, so that a new shortcut fails here
rather than in an import circle later."""

import ast
from pathlib import Path

# From the bottom up: each app may import the apps before it.
LAYERS = [
    "core", "accounts", "territories", "organisations", "actions", "moderation", "messaging",
    "community", "aid", "volunteers", "editorial", "api", "demo",
]  # fmt: skip
# Known and reasoned: core's digest and views read the User model; the profile form of
# accounts places a person with the territories' geocoder.
ALLOWED_UPWARDS = {("core", "accounts"), ("accounts", "territories")}
PACKAGE = Path(__file__).resolve().parents[2]


def imported_apps(module: Path) -> set[str]:
    tree = ast.parse(module.read_text())
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return {name.split(".")[1] for name in names if name.startswith("entraide.") and "." in name}


def upward_imports() -> list[str]:
    found = []
    for app in LAYERS:
        for module in sorted((PACKAGE / app).rglob("*.py")):
            if {"tests", "migrations"} & set(module.relative_to(PACKAGE).parts):
                continue
            for other in imported_apps(module) & set(LAYERS):
                above = LAYERS.index(other) > LAYERS.index(app)
                if above and (app, other) not in ALLOWED_UPWARDS:
                    found.append(f"{module.relative_to(PACKAGE)} imports entraide.{other}")
    return found


def test_every_app_is_listed_in_a_layer():
    apps = {path.parent.name for path in PACKAGE.glob("*/apps.py")}
    assert apps == set(LAYERS)


def test_no_app_imports_an_app_built_on_it():
    assert upward_imports() == []
