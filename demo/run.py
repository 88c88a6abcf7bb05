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


def main():
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    Path("var").mkdir(exist_ok=True)
    port = os.environ.get("WIKISKILLS_DEMO_PORT", "8000")
    wiki = start_local_wiki()
    if wiki:
        os.environ["WIKISKILLS_DEMO_WIKI_API"] = wiki.api_url
        os.environ["WIKISKILLS_DEMO_WIKI_NAME"] = "Local demo wiki"
    try:
        django_admin("migrate", "--run-syncdb", "--verbosity=0")
        django_admin("load_demo_data")
        print(f"\nWikiSkills demo: http://127.0.0.1:{port}/  (add ?student=learner_lucia to act as a learner)")
        if wiki:
            print(f"Local demo wiki: {wiki.base_url}/index.php  (admin: {wiki.admin_name})")
        django_admin("runserver", f"127.0.0.1:{port}", "--noreload")
    except KeyboardInterrupt:
        pass
    finally:
        if wiki:
            wiki.stop()


if __name__ == "__main__":
    main()
