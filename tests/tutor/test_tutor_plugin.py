"""The Tutor plugin (``tutor/``, distribution tutor-contrib-wikiskills) with the real ``tutor`` from PyPI.

No containers and no tutor in this test environment: a venv (cached under ``var/``, keyed by the
plugin's files) gets ``tutor`` and the plugin, and the ``tutor`` command runs in a subprocess with
its own ``TUTOR_ROOT``. ``tutor local do init`` runs with a stand-in ``docker`` that records the
script Tutor would run in the ``lms-job`` container; that script then runs against a stand-in
``./manage.py``. Without PyPI these tests skip, except with WIKISKILLS_REQUIRE_SERVICES=1 (CI).
"""

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PLUGIN_DIR = REPO / "tutor"
TUTOR_REQUIREMENT = "tutor>=22.0.0,<23.0.0"  # the current Tutor release line (Open edX "Verawood"/22)
TUTOR_TIMEOUT = 120

WIKIS = {
    "enwiki": {
        "api_url": "https://en.wikipedia.org/w/api.php",
        "name": "English \"Wikipedia\" ''' \\ it's\n\"\"\" {'x'}",
        "family": "wikimedia",
        "image_hosts": ["upload.wikimedia.org"],
    },
    "test": {"api_url": "http://wiki.local:8080/w/api.php", "name": "Local"},
}


def services_required():
    """As tests.support.services.services_required, not imported: that module needs redis and celery."""
    return os.environ.get("WIKISKILLS_REQUIRE_SERVICES") == "1"


def read_version(path):
    return re.search(r'^__version__ = "([^"]+)"', path.read_text(encoding="utf-8"), re.M).group(1)


VERSION = read_version(REPO / "integrations" / "__init__.py")


def app_labels():
    """Our Django apps' labels, read from their AppConfigs."""
    return sorted(
        re.search(r'^\s+label = "([^"]+)"', path.read_text(encoding="utf-8"), re.M).group(1)
        for path in (REPO / "integrations").glob("*/apps.py")
    )


def package_settings():
    """Every setting the apps define (the admin guide's reference is made from the same function)."""
    from wikiskills.integrations.wikiskills_core.settings_reference import defaults  # noqa: PLC0415

    return set(defaults())


def plugin_files_hash():
    digest = hashlib.sha256(TUTOR_REQUIREMENT.encode())
    digest.update(sys.version.encode())
    for path in sorted(PLUGIN_DIR.rglob("*")):
        skipped = {"__pycache__", "build"} & set(path.relative_to(PLUGIN_DIR).parts) or ".egg-info" in str(path)
        if path.is_file() and not skipped:
            digest.update(str(path.relative_to(PLUGIN_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _pip(venv, *args):
    return subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="session")
def tutor_venv(tmp_path_factory):
    """A venv with tutor and the plugin, made once per plugin version (files) and reused."""
    venv = REPO / "var" / f"tutor-venv-{plugin_files_hash()}"
    if (venv / "ready").exists():
        return venv
    for stale in venv.parent.glob("tutor-venv-*"):  # made for earlier versions of the plugin
        shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    installed = _pip(venv, TUTOR_REQUIREMENT, "setuptools>=68", "wheel")
    if installed.returncode != 0:
        shutil.rmtree(venv, ignore_errors=True)
        message = f"could not install {TUTOR_REQUIREMENT} from PyPI:\n{installed.stderr[-2000:]}"
        if services_required():
            pytest.fail(f"{message} [WIKISKILLS_REQUIRE_SERVICES=1]", pytrace=False)
        pytest.skip(message)
    # Built from a copy, so no build/ or egg-info lands in the repository.
    source = tmp_path_factory.mktemp("plugin-source") / "tutor"
    shutil.copytree(PLUGIN_DIR, source, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
    installed = _pip(venv, "--no-deps", "--no-build-isolation", str(source))
    assert installed.returncode == 0, installed.stderr
    (venv / "ready").write_text("ok\n", encoding="utf-8")
    return venv


class Tutor:
    """The ``tutor`` command of the venv, on one project root."""

    def __init__(self, venv, root, fake_bin):
        self.venv = venv
        self.root = root
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("TUTOR_")}
        self.env.update(
            TUTOR_ROOT=str(root),
            TUTOR_PLUGINS_ROOT=str(root / "plugins"),
            PATH=f"{fake_bin}{os.pathsep}{os.environ.get('PATH', '')}",
            FAKE_DOCKER_LOG=str(root / "docker-calls.jsonl"),
        )

    def run(self, *args, check=True):
        result = subprocess.run(
            [str(self.venv / "bin" / "tutor"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TUTOR_TIMEOUT,
            check=False,
        )
        if check:
            assert result.returncode == 0, f"tutor {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result

    def printvalue(self, name):
        return self.run("config", "printvalue", name).stdout.strip()

    def read(self, *parts):
        return (self.root / "env" / Path(*parts)).read_text(encoding="utf-8")


def make_fake_bin(directory):
    """A ``docker`` that records its arguments (and lists no running projects) instead of running anything."""
    directory.mkdir(parents=True, exist_ok=True)
    docker = directory / "docker"
    docker.write_text(
        f"#!{sys.executable}\n"
        + textwrap.dedent(
            """
            import json, os, sys
            with open(os.environ["FAKE_DOCKER_LOG"], "a", encoding="utf-8") as log:
                log.write(json.dumps(sys.argv[1:]) + "\\n")
            if "ls" in sys.argv[1:]:
                print("[]")
            """
        ),
        encoding="utf-8",
    )
    docker.chmod(0o755)
    return directory


def new_project(venv, tmp_path):
    tutor = Tutor(venv, tmp_path / "tutor-root", make_fake_bin(tmp_path / "bin"))
    tutor.run("config", "save")
    tutor.run("plugins", "enable", "wikiskills")
    return tutor


@pytest.fixture(scope="module")
def project(tutor_venv, tmp_path_factory):
    """A Tutor project with the plugin enabled, two wikis (one with a name full of quotes) and an issuer."""
    tutor = new_project(tutor_venv, tmp_path_factory.mktemp("project"))
    tutor.run(
        "config",
        "save",
        "--set",
        f"WIKISKILLS_WIKIS={json.dumps(WIKIS)}",  # JSON is YAML
        "--set",
        "WIKISKILLS_BADGE_ISSUERS=[wikimedia-learning]",
        "--set",
        "WIKISKILLS_SKILLS_MIN_CELL=7",
    )
    return tutor


SETTINGS_FILES = [
    ("apps", "openedx", "settings", "lms", "production.py"),
    ("apps", "openedx", "settings", "cms", "production.py"),
    ("apps", "openedx", "settings", "lms", "development.py"),
    ("apps", "openedx", "settings", "cms", "development.py"),
]


def assigned_literals(source):
    """Top-level ``NAME = <literal>`` assignments of a settings file, evaluated."""
    values = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return values


def wikiskills_block(source):
    """The lines our openedx-common-settings patch rendered."""
    start = source.index("# WikiSkills (tutor-contrib-wikiskills)")
    return source[start : source.index("\n####", start)]


def test_plugin_version_is_the_package_version():
    assert read_version(PLUGIN_DIR / "tutorwikiskills" / "__init__.py") == VERSION
    assert 'version = { attr = "tutorwikiskills.__version__" }' in (PLUGIN_DIR / "pyproject.toml").read_text()


def test_plugin_is_installed_and_enabled(project):
    listing = project.run("plugins", "list").stdout
    assert re.search(rf"^wikiskills\s+\W*enabled\s+{re.escape(VERSION)}$", listing, re.M), listing


@pytest.mark.parametrize("parts", SETTINGS_FILES, ids="/".join)
def test_settings_are_rendered_as_python(project, parts):
    source = project.read(*parts)
    compile(source, "/".join(parts), "exec")
    values = assigned_literals(wikiskills_block(source))
    assert package_settings() <= set(values), package_settings() - set(values)
    assert values["WIKISKILLS_WIKIS"] == WIKIS  # quotes, backslashes and newlines survive, nothing breaks out
    assert values["WIKISKILLS_SKILLS_MIN_CELL"] == 7
    assert values["WIKISKILLS_SKILLS_SHORTLIST"] == 3
    assert values["WIKISKILLS_HTTP_TIMEOUT_SECONDS"] == 30
    assert values["WIKISKILLS_UNVERIFIABLE_RECHECK_SECONDS"] == 21600
    assert values["WIKISKILLS_WIKIMEDIA_LOGIN_FAMILY"] == "wikimedia"
    assert values["WIKISKILLS_BADGES_BACKENDS"] == {}
    assert values["WIKISKILLS_USER_AGENT_CONTACT"] == project.printvalue("CONTACT_EMAIL")
    assert values["WIKISKILLS_BADGES_KEY_SECRET"] == project.printvalue("WIKISKILLS_BADGES_KEY_SECRET")


def test_badge_key_secret_is_unique_and_kept(project, tutor_venv, tmp_path):
    secret = project.printvalue("WIKISKILLS_BADGES_KEY_SECRET")
    assert len(secret) >= 32
    assert "WIKISKILLS_BADGES_KEY_SECRET" in (project.root / "config.yml").read_text()
    project.run("config", "save")
    assert project.printvalue("WIKISKILLS_BADGES_KEY_SECRET") == secret
    assert new_project(tutor_venv, tmp_path).printvalue("WIKISKILLS_BADGES_KEY_SECRET") != secret


def test_tutor_runs_a_celery_beat_for_our_periodic_tasks(project):
    """Tutor runs no Celery beat of its own; our apps put their entries where edx-platform's beat reads them."""
    compose = project.read("local", "docker-compose.prod.yml")
    assert "wikiskills-celery-beat:" in compose
    assert '"--app=lms.celery", "beat"' in compose


def test_pip_requirement_is_pinned_to_the_plugin_version(project):
    requirement = f"openedx-wikiskills=={VERSION}"
    assert requirement in ast.literal_eval(project.printvalue("OPENEDX_EXTRA_PIP_REQUIREMENTS"))
    assert f"install '{requirement}'" in project.read("build", "openedx", "Dockerfile")


def test_init_task_migrates_and_creates_issuer_keys(project, tmp_path):
    calls = project.root / "docker-calls.jsonl"
    calls.unlink(missing_ok=True)
    result = project.run("local", "do", "init", "--limit=wikiskills")
    runs = [call for call in map(json.loads, calls.read_text().splitlines()) if "run" in call]
    assert len(runs) == 1, result.stdout  # --limit=wikiskills: our task only
    run = runs[0]
    assert run[-5:-1] == ["lms-job", "sh", "-e", "-c"]
    script = run[-1]
    subprocess.run(["sh", "-n", "-c", script], check=True)
    for label in app_labels():
        assert f"./manage.py lms migrate {label} --noinput" in script

    # The script itself, against a stand-in manage.py: $ISSUER_STATUS is what the "issuer exists?" probe exits with.
    workdir = tmp_path / "edx-platform"
    workdir.mkdir()
    manage = workdir / "manage.py"
    manage.write_text(
        '#!/bin/sh\necho "$*" >> calls.txt\ncase "$2" in shell) exit "${ISSUER_STATUS:-0}";; esac\n', encoding="utf-8"
    )
    manage.chmod(0o755)

    def run_script(status):
        (workdir / "calls.txt").unlink(missing_ok=True)
        done = subprocess.run(
            ["sh", "-e", "-c", script],
            cwd=workdir,
            env={**os.environ, "ISSUER_STATUS": str(status)},
            capture_output=True,
            text=True,
            check=False,
        )
        return done, (workdir / "calls.txt").read_text().splitlines()

    done, called = run_script(0)
    assert done.returncode == 0, done.stderr
    migrated = re.findall(r"\./manage\.py lms migrate (\S+)", script)
    assert sorted(migrated) == app_labels()
    assert called[: len(migrated)] == [f"lms migrate {label} --noinput" for label in migrated]
    assert called[-1] == "lms wikiskills_badge_keys wikimedia-learning"

    done, called = run_script(3)  # no such issuer yet: said, not fatal
    assert done.returncode == 0, done.stderr
    assert "no badge issuer 'wikimedia-learning' yet" in done.stdout
    assert not any("wikiskills_badge_keys" in line for line in called)

    done, _ = run_script(1)  # the probe itself failed (database down...): the init fails
    assert done.returncode != 0


@pytest.mark.parametrize(
    ("wikis", "message"),
    [
        (
            {"bad": {"api_url": "ftp://wiki.example.org/w/api.php"}},
            "WIKISKILLS_WIKIS['bad']['api_url'] must be an http(s) URL",
        ),
        (
            {"bad": {"api_url": "https://wiki.example.org/wiki/Main_Page"}},
            "WIKISKILLS_WIKIS['bad']['api_url'] must end in api.php",
        ),
        ({"bad": "https://wiki.example.org/w/api.php"}, "WIKISKILLS_WIKIS['bad'] must be a mapping"),
    ],
)
def test_a_bad_wiki_url_fails_config_save_with_a_clear_message(tutor_venv, tmp_path, wikis, message):
    tutor = new_project(tutor_venv, tmp_path)
    result = tutor.run("config", "save", "--set", f"WIKISKILLS_WIKIS={json.dumps(wikis)}", check=False)
    assert result.returncode != 0
    assert message in result.stderr + result.stdout
    # Every later command says the same until it is fixed; fixing it is one more config save.
    assert message in tutor.run("config", "printvalue", "WIKISKILLS_WIKIS", check=False).stderr
    tutor.run("config", "save", "--set", f"WIKISKILLS_WIKIS={json.dumps(WIKIS)}")
    assert "en.wikipedia.org/w/api.php" in tutor.read(*SETTINGS_FILES[0])


def test_celery_beat_container_can_be_turned_off(tutor_venv, tmp_path):
    tutor = new_project(tutor_venv, tmp_path)
    tutor.run("config", "save", "--set", "WIKISKILLS_RUN_CELERY_BEAT=false")
    assert "wikiskills-celery-beat" not in tutor.read("local", "docker-compose.prod.yml")


@pytest.mark.parametrize("name", ["openedx-wikiskills", "wikiskills"])
def test_a_checkout_is_mounted_for_development(tutor_venv, tmp_path, name):
    tutor = new_project(tutor_venv, tmp_path)
    checkout = tmp_path / name
    checkout.mkdir()
    tutor.run("mounts", "add", str(checkout))
    dockerfile = tutor.read("build", "openedx", "Dockerfile")
    assert f"FROM scratch AS mnt-{name}" in dockerfile
    assert f'pip install -e "/mnt/{name}"' in dockerfile.replace("$PIP_COMMAND", "pip")
