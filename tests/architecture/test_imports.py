"""The house's shape beyond the layers contract (pyproject.toml, run by `make lint`): no import cycle among the
project's modules, and an import inside a function body only with a comment saying why."""

import ast
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


def cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle_among_project_modules():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for importer, imported in (("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.z", "a.w")):
        graph.add_import(importer=importer, imported=imported)
    assert cycles(graph) == [["a.x", "a.y", "a.z"]]


def function_body_imports_without_a_reason(path: Path, root: Path = ROOT) -> list[str]:
    """Imports inside a function with no comment on their line, the line above, or the block of imports they
    belong to (the comment above the first import of a block covers the block)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    missing = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        explained = False
        previous_end = None
        for statement in ast.walk(function):
            if not isinstance(statement, ast.Import | ast.ImportFrom):
                continue
            first, last = statement.lineno, statement.end_lineno
            # a block: imports with nothing but blank lines between them
            block_continues = previous_end is not None and all(
                not lines[n - 1].strip() for n in range(previous_end + 1, first))
            # a comment on the import itself, or a comment line of its own right above it
            commented = any("#" in lines[n - 1] for n in range(first, last + 1)) or (
                first > 1 and lines[first - 2].strip().startswith("#"))
            explained = commented or (explained and block_continues)
            if not explained:
                missing.append(f"{path.relative_to(root)}:{first} {ast.unparse(statement)}")
            previous_end = last
    return missing


def test_imports_inside_functions_say_why():
    files = [path for package in PACKAGES for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts]
    missing = [line for path in sorted(files) for line in function_body_imports_without_a_reason(path)]
    assert missing == []


def test_an_unexplained_function_import_is_found(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    import json\n    return json\n\n\n"
                      "def g():\n    # after setup: needs the registry\n"
                      "    import csv\n    import io\n    return csv, io\n")
    assert function_body_imports_without_a_reason(module, root=tmp_path) == ["module.py:2 import json"]
