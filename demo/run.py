"""``make demo``: migrate, load demo data and serve the workbench on 127.0.0.1.

When a local MediaWiki can be started (``scripts/install-mediawiki``), the demo
wiki is a throw-away one under ``var/demo-wiki`` with a help page in it;
otherwise ``WIKISKILLS_DEMO_WIKI_API`` (default: test.wikipedia.org) is used.
"""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from wikiskills.integrations.mediawiki.local_wiki import Edit, LocalWiki, mediawiki_unavailable_reason

DEMO_DIR = Path("var/demo-wiki")
HELP_PAGE = "Help:Referencing for beginners"
HELP_TEXT = """'''References''' show where the facts in an article come from.

== Adding a reference ==
Put the source between <code>&lt;ref&gt;</code> tags right after the sentence it supports:
<ref>Example, A. (2024). ''A reliable source''. Publisher.</ref>

== Showing the references ==
Add a section at the end of the article:
<pre>== References ==
{{reflist}}</pre>

== References ==
<references />
"""


def start_local_wiki():
    """A fresh local wiki with the demo's help page, or None (with the reason printed)."""
    reason = mediawiki_unavailable_reason()
    if reason:
        print(
            f"No local MediaWiki ({reason}); using {os.environ.get('WIKISKILLS_DEMO_WIKI_API', 'test.wikipedia.org')}."
        )
        return None
    shutil.rmtree(DEMO_DIR, ignore_errors=True)
    wiki = LocalWiki(DEMO_DIR.resolve()).start()
    wiki.make_edits([Edit(user=wiki.admin_name, title=HELP_PAGE, text=HELP_TEXT, summary="Demo help page")])
    return wiki


def django_admin(*args):
    subprocess.run([sys.executable, "-m", "django", *args, "--settings=demo.settings"], check=True)


def stop_on_sigterm(_signum, _frame):
    """Treat ``kill`` like Ctrl-C, so the local wiki (in its own process group) is stopped too."""
    raise KeyboardInterrupt


def demo_root_url():
    """The demo's ``LMS_ROOT_URL`` (from ``WIKISKILLS_DEMO_PORT``), the one setting every absolute URL uses."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")
    from django.conf import settings  # noqa: PLC0415  (read once the wiki's variables are set)

    return settings.LMS_ROOT_URL.rstrip("/")


def print_welcome(root_url, wiki):
    print(f"\nWikiSkills demo: {root_url}/")
    print("  Every page has a bar to act as a demo person (learner_lucia, instructor_ivan, ...) and a language.")
    print(f"  Demo people and pages: {root_url}/demo/people/  (learner_lucia's badges: {root_url}/badges/mine/)")
    if wiki:
        print(f"Local demo wiki: {wiki.index_url}  (admin: {wiki.admin_name})")
        print(
            f"  A learner makes an account at {wiki.index_url}?title=Special:CreateAccount"
            " (any name and password; no e-mail), then links it in an editing exercise."
        )


def main():
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    Path("var").mkdir(exist_ok=True)
    wiki = start_local_wiki()
    if wiki:
        os.environ["WIKISKILLS_DEMO_WIKI_API"] = wiki.api_url
        os.environ["WIKISKILLS_DEMO_WIKI_NAME"] = "Local demo wiki"
    root_url = demo_root_url()
    try:
        django_admin("migrate", "--run-syncdb", "--verbosity=0")
        django_admin("load_demo_data")
        print_welcome(root_url, wiki)
        django_admin("runserver", urlsplit(root_url).netloc, "--noreload")
    except KeyboardInterrupt:
        pass
    finally:
        if wiki:
            wiki.stop()


if __name__ == "__main__":
    main()
