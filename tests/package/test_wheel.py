"""The wheel is the product: build it, install it outside the repository, and use it there as Open edX would.

A template, static file, JSON-LD context, data file or translation left out of the package data fails here,
not in an admin's deploy. One session fixture (about a minute, most of it installing the pinned requirements):

1. copies the files git would commit (tracked, plus new files not ignored) to a temporary directory, so a stale
   ``*.egg-info/SOURCES.txt`` in the work tree cannot add files MANIFEST.in forgot, and nothing is written into
   the repository;
2. builds the sdist and, from it, the wheel with ``python -m build`` and runs ``twine check --strict``, in a
   throwaway build virtualenv (the project's pins do not change);
3. creates a fresh virtualenv outside the repository, installs the pinned requirements for the running Python,
   then the wheel with ``--no-deps``, and runs ``pip check``.

Then the tests compare the sdist's and the wheel's file lists with the repository, and run
``smoke_installed.py`` with the new virtualenv's Python from a temporary directory (see its docstring).
"""

import ast
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SMOKE_SCRIPT = Path(__file__).with_name("smoke_installed.py")
PINS = {(3, 11): "py311-django42.txt", (3, 12): "py312-django52.txt"}
# Source directory in the repository -> where setup.py installs it.
PACKAGE_DIRS = {
    "xblocks": "wikiskills/xblocks",
    "integrations": "wikiskills/integrations",
    "course_templates": "wikiskills/course_templates",
}
# Files of these kinds below PACKAGE_DIRS are the product; course_templates ships every file.
SHIPPED_SUFFIXES = {".html", ".js", ".css", ".json", ".jsonld", ".txt", ".po", ".mo", ".md", ".py", ".php"}
SDIST_TOP_LEVEL = ("README.md", "CHANGELOG.md", "LICENSE.txt", "MANIFEST.in", "setup.py", "pyproject.toml")
COMMAND_TIMEOUT = 600


@dataclass
class Built:
    """What the fixture made: the distributions, the virtualenv they were installed in, and how long each step took."""

    root: Path
    sdist: Path
    wheel: Path
    venv_python: Path
    source_files: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)


def run(command, *, cwd, env=None, timeout=COMMAND_TIMEOUT):
    """Run ``command``; a failure fails the test with the command's output."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"`{' '.join(str(part) for part in command)}` exited {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-8000:]}\n--- stderr ---\n{result.stderr[-8000:]}",
            pytrace=False,
        )
    return result


def clean_env():
    """The environment without what would point a Python or Django at the repository."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def source_files():
    """Repository files a fresh clone would have (tracked), plus new ones not ignored; deleted ones left out."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO).stdout
    return sorted({name for name in listed.split("\0") if name and (REPO / name).is_file()})


def pins_for_this_python():
    name = PINS.get(sys.version_info[:2])
    if name is None:
        pytest.fail(f"no pinned requirements for Python {sys.version_info[:2]}; expected one of {sorted(PINS)}")
    return REPO / "requirements" / name


def venv_python(venv):
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


@pytest.fixture(scope="session")
def built():
    root = Path(tempfile.mkdtemp(prefix="wikiskills-wheel-")).resolve()
    assert not root.is_relative_to(REPO), f"{root} must be outside the repository"
    timings = {}
    started = time.monotonic()

    def lap(name):
        nonlocal started
        timings[name] = round(time.monotonic() - started, 1)
        started = time.monotonic()

    try:
        files = source_files()
        source = root / "src"
        for name in files:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
        lap("copy sources")

        env = clean_env()
        build_venv = root / "build-venv"
        run([sys.executable, "-m", "venv", build_venv], cwd=root, env=env)
        run([venv_python(build_venv), "-m", "pip", "install", "-q", "build", "twine"], cwd=root, env=env)
        lap("build venv")

        dist = root / "dist"
        run([venv_python(build_venv), "-m", "build", "--outdir", dist, source], cwd=root, env=env)
        (sdist,) = dist.glob("*.tar.gz")
        (wheel,) = dist.glob("*.whl")
        run([venv_python(build_venv), "-m", "twine", "check", "--strict", sdist, wheel], cwd=root, env=env)
        lap("build + twine check")

        venv = root / "venv"
        python = venv_python(venv)
        run([sys.executable, "-m", "venv", venv], cwd=root, env=env)
        run([python, "-m", "pip", "install", "-q", "-r", pins_for_this_python()], cwd=root, env=env)
        lap("install pins")
        run([python, "-m", "pip", "install", "-q", "--no-deps", wheel], cwd=root, env=env)
        run([python, "-m", "pip", "check"], cwd=root, env=env)
        lap("install wheel + pip check")

        yield Built(root, sdist, wheel, python, files, timings)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def is_product_file(name):
    """Whether the repository file ``name`` is one the package must ship."""
    top, _, rest = name.partition("/")
    if top not in PACKAGE_DIRS or not rest or "__pycache__" in name:
        return False
    return top == "course_templates" or Path(name).suffix in SHIPPED_SUFFIXES


def expected_in_wheel(files):
    """``wikiskills/...`` paths of the repository's product files."""
    return {
        "{}/{}".format(PACKAGE_DIRS[name.split("/")[0]], name.split("/", 1)[1])
        for name in files
        if is_product_file(name)
    }


def setup_entry_points():
    """The ``entry_points`` literal of setup.py."""
    tree = ast.parse((REPO / "setup.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "entry_points":
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py has no entry_points")


def test_the_wheel_ships_every_product_file_of_the_repository(built):
    with zipfile.ZipFile(built.wheel) as wheel:
        shipped = set(wheel.namelist())

    missing = sorted(expected_in_wheel(built.source_files) - shipped)

    assert not missing, (
        f"{len(missing)} repository files are not in {built.wheel.name} (MANIFEST.in or a missing __init__.py?):\n"
        + "\n".join(missing)
    )


def test_the_wheel_ships_nothing_but_the_wikiskills_namespace(built):
    with zipfile.ZipFile(built.wheel) as wheel:
        outside = sorted(
            name for name in wheel.namelist() if not name.startswith(("wikiskills/", "openedx_wikiskills-"))
        )

    assert not outside, "the wheel installs files outside wikiskills/:\n" + "\n".join(outside)


def test_the_sdist_ships_every_file_the_wheel_is_built_from(built):
    with tarfile.open(built.sdist) as sdist:
        prefix = f"{built.sdist.name.removesuffix('.tar.gz')}/"
        shipped = {member.name.removeprefix(prefix) for member in sdist.getmembers() if member.isfile()}
    expected = {name for name in built.source_files if name.startswith(tuple(f"{top}/" for top in PACKAGE_DIRS))}
    expected = {
        name for name in expected if name.startswith("course_templates/") or Path(name).suffix in SHIPPED_SUFFIXES
    }
    expected |= {name for name in built.source_files if name.startswith("requirements/") and name.endswith(".in")}
    expected |= set(SDIST_TOP_LEVEL)

    missing = sorted(expected - shipped)

    assert not missing, f"{len(missing)} repository files are not in {built.sdist.name}:\n" + "\n".join(missing)


def test_the_installed_wheel_works_as_open_edx_uses_it(built):
    work = built.root / "smoke"
    work.mkdir()
    script = work / SMOKE_SCRIPT.name
    shutil.copy2(SMOKE_SCRIPT, script)
    expected = {
        **{group: list(lines) for group, lines in setup_entry_points().items()},
        "templates_dirs": sorted(
            {
                "/".join(name.split("/")[:3])
                for name in built.source_files
                if name.startswith("integrations/") and name.split("/")[2:3] == ["templates"]
            }
        ),
    }
    started = time.monotonic()

    result = subprocess.run(
        [built.venv_python, "-I", script, work, json.dumps(expected)],
        cwd=work,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    built.timings["smoke script"] = round(time.monotonic() - started, 1)
    print(result.stdout)
    print(result.stderr, file=sys.stderr)
    print(f"timings (s): {built.timings}")

    problems = [line for line in result.stdout.splitlines() if line.startswith("PROBLEM:")]
    assert result.returncode == 0 and "SMOKE PASSED" in result.stdout, (
        f"the installed wheel failed its smoke test (exit {result.returncode}); problems:\n"
        + ("\n".join(problems) or result.stderr[-8000:])
        + f"\n--- full output ---\n{result.stdout[-16000:]}"
    )
