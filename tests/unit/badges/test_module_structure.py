"""Awarding is domain code: it imports no Celery tasks, and awarding, rules and tasks form no import cycle."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import wikiskills.integrations.wikiskills_badges as badges_package

PACKAGE = "wikiskills.integrations.wikiskills_badges"
PACKAGE_DIR = Path(badges_package.__file__).parent
CORE = ("awarding", "rules", "tasks")
REPOSITORY = Path(__file__).resolve().parents[3]


def imported_siblings(module):
    """The modules of the badges package ``module`` imports, at its top or inside functions (lazy imports too)."""
    tree = ast.parse((PACKAGE_DIR / f"{module}.py").read_text())
    siblings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names = [node.module.split(".")[0]] if node.module else [alias.name for alias in node.names]
            siblings.update(name for name in names if (PACKAGE_DIR / f"{name}.py").exists())
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(f"{PACKAGE}."):
            siblings.add(node.module.removeprefix(f"{PACKAGE}.").split(".")[0])
        elif isinstance(node, ast.Import):
            siblings.update(
                alias.name.removeprefix(f"{PACKAGE}.").split(".")[0]
                for alias in node.names
                if alias.name.startswith(f"{PACKAGE}.")
            )
    return siblings


def reachable_from(module):
    seen, todo = set(), [module]
    while todo:
        for sibling in imported_siblings(todo.pop()):
            if sibling not in seen:
                seen.add(sibling)
                todo.append(sibling)
    return seen


@pytest.mark.parametrize("module", CORE)
def test_no_import_cycle_goes_through_awarding_rules_or_tasks(module):
    assert module not in reachable_from(module), f"{module} imports itself through {sorted(reachable_from(module))}"


def test_awarding_knows_nothing_of_celery():
    assert not {"tasks", "rules", "receivers"} & reachable_from("awarding")


@pytest.mark.parametrize("module", CORE)
def test_each_module_imports_alone(module):
    """In a fresh interpreter with Django set up, importing the module first of all works."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    code = (
        f"import importlib, django; django.setup(); module = importlib.import_module('{PACKAGE}.{module}');"
        " print(module.__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPOSITORY, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith(f"{PACKAGE}.{module}")
