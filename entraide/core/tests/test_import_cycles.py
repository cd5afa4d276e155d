"""No two modules of the project need each other: a concept two modules share gets a module of
its own (the waiting list, the reminder token, the counted rate limits), instead of an import
hidden inside a function. Read from the source, like test_layers.py."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
SKIPPED_PARTS = {"tests", "migrations"}


def project_modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent)
        if SKIPPED_PARTS & set(relative.parts):
            continue
        name = ".".join(relative.with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = path
    return modules


def _imported(node: ast.AST, modules: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.ImportFrom) and node.module:
        # `from entraide.actions import tasks` imports the module entraide.actions.tasks.
        names = [f"{node.module}.{alias.name}" for alias in node.names]
        return [name if name in modules else node.module for name in names]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return []


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imports_of(path: Path, modules: dict[str, Path]) -> tuple[set[str], list[str]]:
    """(modules of the project imported at module level, imports of the project made inside a
    function, as "line: module")."""
    tree = ast.parse(path.read_text())
    top: set[str] = set()
    late: list[str] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            for name in _imported(child, modules):
                if name.startswith("entraide."):
                    if in_function:
                        late.append(f"{child.lineno}: {name}")
                    elif name in modules:
                        top.add(name)
            visit(child, inside)

    visit(tree, False)
    return top, late


def test_no_import_of_the_project_inside_a_function_but_in_ready():
    modules = project_modules()
    found = [
        f"{path.relative_to(PACKAGE)}:{where}"
        for path in modules.values()
        if path.name != "apps.py"  # AppConfig.ready() imports once every app is loaded
        for where in imports_of(path, modules)[1]
    ]
    assert found == []


def test_no_two_modules_import_each_other():
    modules = project_modules()
    graph = {name: imports_of(path, modules)[0] for name, path in modules.items()}
    cycles = []
    state: dict[str, str] = {}
    stack: list[str] = []

    def walk(name: str) -> None:
        state[name] = "open"
        stack.append(name)
        for other in sorted(graph.get(name, ())):
            if other == name:
                continue
            if state.get(other) == "open":
                cycles.append(" → ".join([*stack[stack.index(other) :], other]))
            elif other not in state:
                walk(other)
        stack.pop()
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            walk(name)
    assert cycles == []
