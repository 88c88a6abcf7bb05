"""The demo as a newcomer meets it: absolute URLs on its own port, a sign-in that leads to the demo's people,
and every page (ours and the workbench's, blocks included) in the language chosen."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import init_scenarios
from xblock.core import XBlock
from xblock.fields import ScopeIds

from demo.i18n import DemoI18nService

pytestmark = [pytest.mark.django_db(transaction=True)]
REPOSITORY = Path(__file__).resolve().parents[2]


def test_every_absolute_url_of_the_demo_follows_its_port():
    script = (
        "import json, django; django.setup();"
        "from types import SimpleNamespace;"
        "from django.conf import settings;"
        "from wikiskills.integrations.wikiskills_badges import links;"
        "print(json.dumps([settings.LMS_ROOT_URL, links.absolute('verify', '00000000-0000-0000-0000-000000000001'),"
        " links.issuer_did(SimpleNamespace(slug='wikiskills-demo'))]))"
    )
    env = {**os.environ, "WIKISKILLS_DEMO_PORT": "8123", "DJANGO_SETTINGS_MODULE": "demo.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=REPOSITORY, capture_output=True, text=True, check=True
    )
    root, verify, did = json.loads(result.stdout.strip().splitlines()[-1])
    assert root == "http://127.0.0.1:8123"
    assert verify == "http://127.0.0.1:8123/badges/verify/00000000-0000-0000-0000-000000000001/"
    assert did == "did:web:127.0.0.1%3A8123:badges:issuers:wikiskills-demo"


def test_the_default_sign_in_address_leads_to_the_demo_people():
    client = Client()
    answer = client.get("/accounts/login/?next=/badges/mine/")
    assert answer.status_code == 302
    assert answer["Location"] == "/demo/people/?next=/badges/mine/"
    page = client.get("/badges/mine/", follow=True)
    assert page.status_code == 200
    assert "Act as a demo person" in page.content.decode()


def test_acting_as_goes_only_back_to_this_site(django_user_model):
    django_user_model.objects.create(username="learner_lucia")
    client = Client()
    answer = client.post("/demo/act-as/", {"username": "learner_lucia", "next": "https://evil.example/"})
    assert answer["Location"] == "/demo/people/"
    assert client.get("/demo/people/").context["acting_as"] == "learner_lucia"
    client.post("/demo/act-as/", {"username": "", "next": "/"})
    assert client.get("/demo/people/").context["acting_as"] == ""


def test_a_chosen_language_reaches_our_pages_the_workbench_and_the_blocks(django_user_model):
    init_scenarios()
    client = Client()
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    for url in ("/", "/demo/people/", "/scenario/wikiskills_wiki_page.0/"):
        assert '<html lang="ar" dir="rtl">' in client.get(url).content.decode(), url
    client.post("/i18n/setlang/", {"language": "pt-br", "next": "/"})
    assert '<html lang="pt-br" dir="ltr">' in client.get("/badges/skills/").content.decode()


@XBlock.needs("i18n")
class CatalogBlock(XBlock):
    """A block whose module has a compiled catalog, as ``<module dir>/translations/<lang>/LC_MESSAGES/text.mo``."""


def test_a_blocks_own_catalog_translates_it_in_the_active_language(tmp_path, monkeypatch):
    catalog = tmp_path / "translations" / "pt_BR" / "LC_MESSAGES"
    catalog.mkdir(parents=True)
    (catalog / "text.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Check my edit"\nmsgstr "Verificar minha edição"\n',
        encoding="utf-8",
    )
    subprocess.run(["msgfmt", "-o", catalog / "text.mo", catalog / "text.po"], check=True)
    monkeypatch.setattr(sys.modules[__name__], "__file__", str(tmp_path / "block_module.py"))
    runtime = WorkbenchRuntime("catalog_reader")
    block = runtime.construct_xblock_from_class(CatalogBlock, ScopeIds("catalog_reader", "catalog", "d", "u"))

    with translation.override("pt-br"):
        service = runtime.service(block, "i18n")
        assert isinstance(service, DemoI18nService)
        assert service.gettext("Check my edit") == "Verificar minha edição"
    with translation.override("fr"):  # no catalog in French: Django's translation, here the text itself
        assert runtime.service(block, "i18n").gettext("Check my edit") == "Check my edit"
