"""A throw-away real MediaWiki on 127.0.0.1 for tests, the demo and benchmarks.

The client code is tested against the real MediaWiki 1.39 API rather than against mocks:
Debian's MediaWiki (unpacked by ``scripts/install-mediawiki``) runs on PHP's built-in
server with SQLite, in a work directory of its own, and is gone when stopped.
It is set up like a Wikipedia (IP editing, Renameuser, any content language), and
tests build its state either in bulk (``make_edits``) or the way editors do, through
the API (``save_edit``, ``undo``, ``rollback`` … from ``WikiEditor``).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Self

import requests

from .wiki_editor import LocalWikiError, WikiEditor

INSTALL_HINT = "run scripts/install-mediawiki"
SEED_SCRIPT = Path(__file__).with_name("local_wiki_seed.php")
TREE_IN_ROOT = Path("usr/share/mediawiki")
SYSTEM_TREE = Path("/usr/share/mediawiki")
PHP_MODULES = ("pdo_sqlite", "mbstring", "dom", "intl")
SERVER_WORKERS = 4
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


@dataclass(frozen=True)
class Edit:
    """One edit to seed: ``user`` must exist; as on the wiki, a page creation is never minor."""

    user: str
    title: str
    text: str
    summary: str = ""
    minor: bool = False


def find_mediawiki() -> Path | None:
    """The MediaWiki code tree to run, or None.

    Looked up from the environment and the working directory, not from ``__file__``:
    the package may be installed (non-editable) far from the repository's ``.cache``.
    """
    return next((tree for tree in _candidate_trees() if _is_tree(tree)), None)


def mediawiki_unavailable_reason() -> str | None:
    """Why no local wiki can start here, or None if it can (the fix: ``INSTALL_HINT``)."""
    php = shutil.which("php")
    if php is None:
        return "php is not on PATH"
    missing = _missing_php_modules(php)
    if missing:
        return f"PHP lacks the modules {', '.join(missing)}"
    if find_mediawiki() is None:
        return f"no MediaWiki code tree found ({_where_looked()})"
    return None


def free_port() -> int:
    """A loopback port that was free a moment ago (MediaWiki needs it before it runs)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _candidate_trees() -> list[Path]:
    explicit = os.environ.get("WIKISKILLS_MEDIAWIKI_DIR")
    if explicit:
        return [Path(explicit)]
    root = os.environ.get("WIKISKILLS_MEDIAWIKI_ROOT")
    cwd = Path.cwd()
    roots = [Path(root)] if root else [d / ".cache" / "mediawiki" for d in (cwd, *cwd.parents)]
    return [r / TREE_IN_ROOT for r in roots] + [SYSTEM_TREE]


def _where_looked() -> str:
    for name in ("WIKISKILLS_MEDIAWIKI_DIR", "WIKISKILLS_MEDIAWIKI_ROOT"):
        if os.environ.get(name):
            return f"{name}={os.environ[name]}"
    return f".cache/mediawiki in {Path.cwd()} and above, {SYSTEM_TREE}"


def _is_tree(path: Path) -> bool:
    return (path / "maintenance" / "install.php").is_file()


def _missing_php_modules(php: str) -> list[str]:
    listed = subprocess.run([php, "-m"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    present = {line.strip().lower() for line in listed.splitlines()}
    return [module for module in PHP_MODULES if module not in present]


def _php_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def _log_tail(path: Path, lines: int = 20) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class LocalWiki(WikiEditor):
    """A MediaWiki 1.39 with SQLite under ``workdir``, served by ``php -S`` on loopback.

    Use as a context manager, or call ``start()`` and ``stop()``. ``workdir`` must not
    hold a wiki yet: the port is written into the configuration at install time.
    ``language`` is the content language (``"ar"``: Arabic namespaces and autosummaries).
    """

    admin_name = "WikiAdmin"
    site_name = "WikiSkills Test Wiki"

    def __init__(self, workdir: Path, port: int | None = None, language: str = "en") -> None:
        super().__init__()
        self.workdir = Path(workdir).resolve()
        self.port = port
        self.language = language
        self.admin_password = secrets.token_hex(16)
        self.passwords[self.admin_name] = self.admin_password
        self.server_log = self.workdir / "logs" / "server.log"
        self._lag_file = self.workdir / "lag"
        self._settings = self.workdir / "conf" / "LocalSettings.php"
        self._tree: Path | None = None
        self._php: str | None = None
        self._server: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api.php"

    @property
    def index_url(self) -> str:
        return f"{self.base_url}/index.php"

    def start(self) -> Self:
        """Install the wiki, serve it, and return once api.php answers (about 1.5 s)."""
        if self._server is not None:
            raise LocalWikiError("this wiki is already running")
        reason = mediawiki_unavailable_reason()
        if reason:
            raise LocalWikiError(f"{reason}; {INSTALL_HINT}")
        self._tree = find_mediawiki()
        self._php = shutil.which("php")
        self.port = self.port or free_port()
        self._install()
        self._append_settings()
        self._server = self._spawn_server()
        self._wait_until_ready()
        return self

    def stop(self) -> None:
        """Stop the server and its workers (they share its process group)."""
        server, self._server = self._server, None
        if server is None:
            return
        self._signal_group(server, signal.SIGTERM)
        try:
            server.wait(timeout=STOP_TIMEOUT)
        finally:
            self._signal_group(server, signal.SIGKILL)  # a worker stuck in a request
            server.wait()

    def set_lag(self, seconds: float) -> None:
        """Make the wiki report this replication lag (0 for none) to ``maxlag`` checks."""
        self._lag_file.write_text(str(seconds))

    def create_users(self, names: Iterable[str], password: str, groups: Iterable[str] = ()) -> list[str]:
        """Create the users (or reset their password) and add them to ``groups``.

        Returns their canonical names (``"foo_bar"`` becomes ``"Foo bar"``); the password
        is remembered in ``passwords`` so that ``save_edit`` and the like can log them in.
        """
        groups = list(groups)
        users = [{"name": name, "password": password, "groups": groups} for name in names]
        created = self._seed(users=users)["users"]
        self.passwords.update(dict.fromkeys(created, password))
        return created

    def add_to_groups(self, names: Iterable[str], groups: Iterable[str]) -> None:
        """Add existing users to groups, e.g. ``bot`` for ``apihighlimits``."""
        groups = list(groups)
        self._seed(users=[{"name": name, "password": None, "groups": groups} for name in names])

    def make_edits(self, edits: Iterable[Edit]) -> list[int]:
        """Save the edits in order, in one PHP process; returns their revision ids.

        Fast (thousands of edits a minute) because it skips HTTP, logins and the edit form.
        MediaWiki's storage layer still adds what it computes from the text: automatic
        summaries for an empty ``summary`` and the tags ``mw-new-redirect``, ``mw-blank``,
        ``mw-replace``, ``mw-removed-redirect``, ``mw-changed-redirect-target`` and
        ``mw-manual-revert``. What only the edit form and API add does not appear: section
        autocomments, ``mw-undo``, ``mw-rollback``, and edit conflict or permission checks.
        """
        return self._seed(edits=[asdict(edit) for edit in edits])["revids"]

    def rename_user(self, old: str, new: str, reason: str = "") -> str:
        """Rename a user as the admin, with Renameuser's maintenance script; returns the new canonical name.

        Contributions keep their user id under the new name, the old name is free to
        register again, and the user logs in with the same password under the new name.
        """
        old_record, new_record = self._user_record(old), self._user_record(new)
        if "missing" not in new_record:
            raise LocalWikiError(f"cannot rename {old!r} to {new!r}: that name is taken or invalid")
        script = self._tree / "extensions" / "Renameuser" / "maintenance" / "renameUser.php"
        options = [f"--oldname={old_record['name']}", f"--newname={new_record['name']}", f"--reason={reason}"]
        self._run_php([str(script), *options, f"--performer={self.admin_name}"], env=self._php_env())
        self.run_jobs("renameUser")  # extensions with user names in their own tables (AbuseFilter) queue these
        self._renamed(old_record["name"], new_record["name"])
        return new_record["name"]

    def run_jobs(self, job_type: str | None = None) -> None:
        """Run the queued jobs (only those of ``job_type`` if given), e.g. the one adding ``mw-reverted``.

        Requests never run jobs here (``$wgJobRunRate = 0``), like a busy wiki whose queue
        lags behind: a revert's ``mw-reverted`` tag on the reverted edits waits for this.
        """
        typed = ["--type", job_type] if job_type else []
        self._run_php([str(self._tree / "maintenance" / "runJobs.php"), *typed], env=self._php_env())

    def create_bot_password(self, user: str, app_id: str, grants: Sequence[str]) -> tuple[str, str]:
        """A bot password for an existing user: ``(login name "User@app", password)``."""
        password = secrets.token_hex(16)  # hex digits: MediaWiki wants [0-9a-w]{32,}
        spec = {"user": user, "app_id": app_id, "grants": list(grants), "password": password}
        return self._seed(bot_passwords=[spec])["bot_passwords"][0], password

    def _install(self) -> None:
        if self._settings.exists():
            raise LocalWikiError(f"{self.workdir} already holds a wiki; use a fresh directory")
        for sub in ("data", "conf", "cache", "logs"):
            (self.workdir / sub).mkdir(parents=True, exist_ok=True)
        passfile = self.workdir / "admin-password"
        passfile.touch(mode=0o600)
        passfile.write_text(self.admin_password)
        try:
            self._run_php(self._install_command(passfile))
        finally:
            passfile.unlink()

    def _install_command(self, passfile: Path) -> list[str]:
        return [
            str(self._tree / "maintenance" / "install.php"),
            "--dbtype=sqlite",
            f"--dbpath={self.workdir / 'data'}",
            f"--confpath={self.workdir / 'conf'}",
            f"--server={self.base_url}",
            "--scriptpath=",
            f"--lang={self.language}",
            "--extensions=Cite,ParserFunctions,Renameuser",
            "--skins=Vector",
            f"--passfile={passfile}",
            "--quiet",
            self.site_name,
            self.admin_name,
        ]

    def _append_settings(self) -> None:
        logs = self.workdir / "logs"
        settings = f"""
# Added by wikiskills LocalWiki: keep files under the work dir, keep tests deterministic.
$wgCacheDirectory = {_php_string(str(self.workdir / "cache"))};
$wgDBerrorLog = {_php_string(str(logs / "dberror.log"))};
foreach ( [ 'exception', 'error', 'fatal' ] as $group ) {{
\t$wgDebugLogGroups[$group] = {_php_string(str(logs))} . "/$group.log";
}}
$wgEnableEmail = false;
# Jobs would run inside API requests and skew timings. Like a busy wiki's lagging queue, jobs
# (the one tagging reverted edits mw-reverted, say) wait until a test calls run_jobs().
$wgJobRunRate = 0;
# As on English Wikipedia, which patrols new pages only: every revert counts as approved, so
# its mw-reverted job is queued whoever reverts (with patrolling, only for patrollers' reverts).
$wgUseRCPatrol = false;
# As on Wikipedia: IP editing; sysops hide revisions. Clients send assert=user, so a lost login
# fails instead of becoming an IP edit. Rollback (a rollbacker right there) is every user's here.
$wgGroupPermissions['*']['edit'] = true;
$wgGroupPermissions['user']['rollback'] = true;
$wgGroupPermissions['sysop']['deleterevision'] = true;
$wgGroupPermissions['*']['noratelimit'] = true;
$wgGroupPermissions['user']['noratelimit'] = true;
$wgGrantPermissions['basic']['noratelimit'] = true;
$wgHooks['ApiMaxLagInfo'][] = static function ( array &$lagInfo ) {{
\t$file = {_php_string(str(self._lag_file))};
\t$lag = is_file( $file ) ? (float)file_get_contents( $file ) : 0.0;
\tif ( $lag > $lagInfo['lag'] ) {{
\t\t$lagInfo = [ 'host' => 'fake-replica', 'lag' => $lag, 'type' => 'db' ];
\t}}
}};
"""
        with self._settings.open("a") as file:
            file.write(settings)

    def _php_env(self) -> dict[str, str]:
        return {
            **os.environ,
            "MW_INSTALL_PATH": str(self._tree),
            "MW_CONFIG_FILE": str(self._settings),
        }

    def _spawn_server(self) -> subprocess.Popen[bytes]:
        env = {**self._php_env(), "PHP_CLI_SERVER_WORKERS": str(SERVER_WORKERS)}
        # PHP warnings go to the server log, never into an API answer, whatever php.ini says.
        options = ["-d", "display_errors=0", "-d", "log_errors=1"]
        command = [self._php, *options, "-S", f"127.0.0.1:{self.port}", "-t", str(self._tree)]
        with self.server_log.open("ab") as log:
            return subprocess.Popen(  # noqa: S603
                command,
                cwd=self.workdir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        probe = {"action": "query", "meta": "siteinfo", "format": "json"}
        while time.monotonic() < deadline:
            if self._server.poll() is not None:
                self.stop()
                raise LocalWikiError(f"php -S exited:\n{_log_tail(self.server_log)}")
            try:
                if requests.get(self.api_url, params=probe, timeout=2).ok:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.05)
        self.stop()
        raise LocalWikiError(f"api.php did not answer in {START_TIMEOUT} s; see {self.server_log}")

    def _seed(self, **job: list[dict]) -> dict:
        if self._tree is None:
            raise LocalWikiError("start the wiki first")
        result = self.workdir / "seed-result.json"
        command = [str(SEED_SCRIPT), f"--result={result}"]
        self._run_php(command, env=self._php_env(), stdin=json.dumps(job))
        try:
            return json.loads(result.read_text())
        finally:
            result.unlink()

    def _run_php(self, args: list[str], env: dict[str, str] | None = None, stdin: str = "") -> None:
        done = subprocess.run(  # noqa: S603
            [self._php, *args],
            cwd=self.workdir,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            output = (done.stdout + done.stderr).strip()
            raise LocalWikiError(f"php {Path(args[0]).name} failed:\n{output}")

    @staticmethod
    def _signal_group(server: subprocess.Popen[bytes], sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, sig)
