"""Use the installed wheel as an Open edX LMS would: run by a fresh virtualenv's Python, never from the repository.

tests/package/test_wheel.py copies this script into a temporary directory outside the repository and runs it
there with ``python -I`` (no script directory, no PYTHONPATH on ``sys.path``), so every ``wikiskills`` module,
template, static file and data file it touches comes from the wheel in the virtualenv's site-packages.

    python -I smoke_installed.py WORK_DIR EXPECTED_ENTRY_POINTS_JSON

It checks, in order, and reports every problem it finds (one per line after ``PROBLEM:``), exiting 1 if any:

1. where ``wikiskills`` was imported from, and that edx-django-utils discovers every plugin app for the LMS and CMS;
2. Django configured the way Open edX does (plugin apps from ``get_plugin_apps``, settings from ``add_plugins``,
   URLs from ``get_plugin_url_patterns``): ``check``, ``migrate`` on an empty SQLite database (the data
   migrations load the shipped taxonomy), no model change without its migration, every shipped template
   compiles, and ``collectstatic`` finds each app's static files;
3. every ``xblock.v1`` entry point loads, and each block renders its ``student_view`` for a learner and for staff
   with its templates, JavaScript and CSS read from the package;
4. package data found through ``importlib.resources``;
5. the translations: each plugin app's Django catalog, and each block's ``translations/<lang>/LC_MESSAGES/text.mo``
   where Open edX's XBlock i18n service falls back to, in every shipped language.
"""

import contextlib
import json
import sys
import sysconfig
import traceback
import types
from importlib import metadata, resources
from pathlib import Path

WORK_DIR = Path(sys.argv[1])
EXPECTED = json.loads(sys.argv[2])  # setup.py's entry_points: group -> ["name = module:attr", ...]
PROJECTS = ("lms.djangoapp", "cms.djangoapp")
SETTINGS_MODULE = "wikiskills_smoke_settings"
URLS_MODULE = "wikiskills_smoke_urls"
COURSE = ("WikiSkills", "Smoke", "2026")
# Templates rendered by another Open edX service's own tag libraries, not by Django's engine alone.
TEMPLATES_OF_OTHER_ENGINES = ("/edx_ace/",)

problems = []


@contextlib.contextmanager
def step(what):
    """Record an exception in ``what`` as a problem (with its traceback) and go on with the next step."""
    try:
        yield
    except Exception:
        problems.append(f"{what} failed:\n{traceback.format_exc()}")


def problem(message):
    problems.append(message)


def entry_point_values(group):
    """``{name: "module:attr"}`` of one of setup.py's entry point groups."""
    return dict(tuple(part.strip() for part in line.split("=", 1)) for line in EXPECTED[group])


# 1. Imported from the wheel, and discovered as plugins ------------------------------------------------------------


def check_installed_location():
    import wikiskills  # noqa: PLC0415
    import wikiskills.integrations  # noqa: PLC0415
    import wikiskills.xblocks  # noqa: PLC0415

    site_packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    locations = [*wikiskills.__path__, wikiskills.integrations.__file__, wikiskills.xblocks.__file__]
    for location in locations:
        if not Path(location).resolve().is_relative_to(site_packages):
            problem(f"wikiskills was imported from {location}, not from the virtualenv's {site_packages}")
    print(f"wikiskills imported from {site_packages}")


def discovered_plugin_apps():
    from edx_django_utils.plugins import get_plugin_apps  # noqa: PLC0415

    apps = []
    for project in PROJECTS:
        found = get_plugin_apps(project)
        expected = [value.replace(":", ".") for value in entry_point_values(project).values()]
        missing = sorted(set(expected) - set(found))
        if missing:
            problem(f"get_plugin_apps({project!r}) did not discover {missing} (found {found})")
        print(f"{project}: {len(found)} plugin apps")
        apps.extend(app for app in found if app not in apps)
    return apps


# 2. Django, configured as Open edX does it -------------------------------------------------------------------------


def configure_django(plugin_apps):
    """A minimal LMS-like settings module, plugin settings added by edx-django-utils, then ``settings.configure``."""
    from django.conf import settings  # noqa: PLC0415
    from edx_django_utils.plugins import add_plugins  # noqa: PLC0415

    module = types.ModuleType(SETTINGS_MODULE)
    module.__dict__.update(
        DEBUG=False,
        SECRET_KEY="wheel smoke test, not a secret",
        ALLOWED_HOSTS=["*"],
        USE_TZ=True,
        USE_I18N=True,
        INSTALLED_APPS=[
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
            *plugin_apps,
            "submissions",  # edx-submissions: in every LMS, our scores live there
            "social_django",  # python-social-auth: in every LMS, "Log in with Wikimedia" records
            "rest_framework",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(WORK_DIR / "smoke.sqlite3")}},
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        ROOT_URLCONF=URLS_MODULE,
        STATIC_URL="/static/",
        STATIC_ROOT=str(WORK_DIR / "static"),
        MEDIA_ROOT=str(WORK_DIR / "media"),
        LMS_ROOT_URL="http://127.0.0.1:8000",
        CELERY_BROKER_URL="",
        CELERY_TASK_ALWAYS_EAGER=True,
    )
    sys.modules[SETTINGS_MODULE] = module
    add_plugins(SETTINGS_MODULE, "lms.djangoapp", "common")  # what lms/envs/common.py does
    settings.configure(**{name: value for name, value in vars(module).items() if name.isupper()})

    import django  # noqa: PLC0415

    django.setup()


def install_urls():
    """The LMS's URLconf as far as plugins are concerned: admin plus every plugin's URLs."""
    from django.contrib import admin  # noqa: PLC0415
    from django.urls import path  # noqa: PLC0415
    from edx_django_utils.plugins import get_plugin_url_patterns  # noqa: PLC0415

    urls = types.ModuleType(URLS_MODULE)
    urls.urlpatterns = [path("admin/", admin.site.urls), *get_plugin_url_patterns("lms.djangoapp")]
    sys.modules[URLS_MODULE] = urls
    print(f"URLs: {len(urls.urlpatterns)} patterns")


def our_app_configs():
    from django.apps import apps  # noqa: PLC0415

    return [config for config in apps.get_app_configs() if config.name.startswith("wikiskills.")]


def check_django():
    from django.core.management import call_command  # noqa: PLC0415

    with step("manage.py check"):
        call_command("check")
    with step("manage.py migrate on an empty database"):
        call_command("migrate", interactive=False, verbosity=0)
        print("migrate: ok")
    with step("manage.py makemigrations --check (a model change without its migration, or migrations not shipped)"):
        labels = [config.label for config in our_app_configs() if config.models_module is not None]
        call_command("makemigrations", *labels, check=True, dry_run=True, verbosity=1)
    with step("the data migrations loaded the shipped skills taxonomy"):
        from django.apps import apps  # noqa: PLC0415

        skills = apps.get_model("wikiskills_skills", "Skill").objects.count()
        if not skills:
            problem("migrate loaded no skills: the taxonomy data migration found nothing to load")
        print(f"taxonomy: {skills} skills")
    with step("compiling every shipped template"):
        compile_templates()
    with step("collectstatic"):
        collect_static()


def compile_templates():
    from django.template.loader import get_template  # noqa: PLC0415

    count = 0
    for config in our_app_configs():
        templates = Path(config.path) / "templates"
        for template in sorted(templates.rglob("*")) if templates.is_dir() else ():
            name = template.relative_to(templates).as_posix()
            if template.is_dir() or any(part in f"/{name}" for part in TEMPLATES_OF_OTHER_ENGINES):
                continue
            try:
                get_template(name)
            except Exception as exc:
                problem(f"template {name} of {config.label} does not compile: {exc!r}")
            count += 1
    print(f"templates: {count} compiled")


def collect_static():
    from django.core.management import call_command  # noqa: PLC0415

    call_command("collectstatic", interactive=False, verbosity=0)
    collected = Path(WORK_DIR / "static")
    for config in our_app_configs():
        static = Path(config.path) / "static"
        for shipped in sorted(static.rglob("*")) if static.is_dir() else ():
            relative = shipped.relative_to(static)
            if shipped.is_file() and not (collected / relative).is_file():
                problem(f"collectstatic did not collect {relative} of {config.label}")
    print(f"collectstatic: {sum(1 for item in collected.rglob('*') if item.is_file())} files")


# 3. XBlocks, loaded through their entry points and rendered ---------------------------------------------------------


def make_runtime(user, is_staff):
    """XBlock's toy runtime with the services the blocks need, answering as the LMS does for ``user``."""
    from xblock.reference.user_service import UserService, XBlockUser  # noqa: PLC0415
    from xblock.runtime import NullI18nService  # noqa: PLC0415
    from xblock.test.toy_runtime import ToyRuntime  # noqa: PLC0415

    class LmsLikeUserService(UserService):
        def get_current_user(self):
            current = XBlockUser(is_current_user=True, emails=[user.email], full_name=user.username)
            current.opt_attrs.update(
                {
                    "edx-platform.user_id": user.pk,
                    "edx-platform.username": user.username,
                    "edx-platform.user_is_staff": is_staff,
                    "edx-platform.anonymous_user_id": f"anonymous-{user.pk}",
                }
            )
            return current

    runtime = ToyRuntime(user_id=str(user.pk))
    runtime._services.update({"i18n": NullI18nService(), "user": LmsLikeUserService()})
    return runtime


def check_xblocks():
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from opaque_keys.edx.locator import BlockUsageLocator, CourseLocator  # noqa: PLC0415
    from xblock.core import XBlock  # noqa: PLC0415
    from xblock.fields import ScopeIds  # noqa: PLC0415
    from xblock.runtime import DictKeyValueStore, KvsFieldData  # noqa: PLC0415

    expected = entry_point_values("xblock.v1")
    installed = {
        entry.name: entry.value
        for entry in metadata.entry_points(group="xblock.v1")
        if entry.value.startswith("wikiskills.")
    }
    if installed != expected:
        problem(f"the installed xblock.v1 entry points {installed} are not setup.py's {expected}")

    users = get_user_model()
    learner = users.objects.create_user("smoke_learner", "learner@example.org", "x")
    staff = users.objects.create_user("smoke_staff", "staff@example.org", "x", is_staff=True)
    course = CourseLocator(*COURSE)
    for name in sorted(installed):
        block_class = None
        with step(f"loading the {name} XBlock"):
            block_class = XBlock.load_class(name)  # how every runtime finds a block type
        if block_class is None:
            continue
        for user, is_staff in ((learner, False), (staff, True)):
            who = "staff" if is_staff else "learner"
            with step(f"rendering the {name} student_view for {who}"):
                usage = BlockUsageLocator(course, name, "smoke")
                runtime = make_runtime(user, is_staff)
                block = runtime.construct_xblock_from_class(
                    block_class, ScopeIds(str(user.pk), name, usage, usage), KvsFieldData(DictKeyValueStore())
                )
                for field_name, value in configured_fields(name).items():
                    setattr(block, field_name, value)
                check_fragment(name, who, block.render("student_view", {}))


def configured_fields(name):
    """Field values that make a block render more than its "not set up yet" message, where that needs no wiki."""
    if name == "wikiskills_skills_survey":
        from django.apps import apps  # noqa: PLC0415

        skill = apps.get_model("wikiskills_skills", "Skill")
        return {"skills": list(skill.objects.order_by("code").values_list("code", flat=True)[:3])}
    return {}


def check_fragment(name, who, fragment):
    html = fragment.body_html()
    if not html.strip():
        problem(f"{name} student_view ({who}) rendered no HTML")
    for marker in ("TemplateSyntaxError", "TemplateDoesNotExist", "{%", "{{"):
        if marker in html:
            problem(f"{name} student_view ({who}) HTML contains {marker!r}")
    kinds = {resource.mimetype for resource in fragment.resources}
    for kind in ("application/javascript", "text/css"):
        if kind not in kinds:
            problem(f"{name} student_view ({who}) has no {kind} resource")
    empty = [resource.mimetype for resource in fragment.resources if not str(resource.data).strip()]
    if empty:
        problem(f"{name} student_view ({who}) has empty resources: {empty}")
    if not fragment.js_init_fn and "data-init='" not in html:  # the runtime's wrapper names the init function
        problem(f"{name} student_view ({who}) initializes no JavaScript")
    print(f"{name} ({who}): {len(html)} characters of HTML, {len(fragment.resources)} resources")


# 4. Package data, as code finds it ---------------------------------------------------------------------------------


def check_package_data():
    def traversable(directory):  # "integrations/..." in the wikiskills.integrations package (a regular package)
        top, _, rest = directory.partition("/")
        return resources.files(f"wikiskills.{top}").joinpath(*rest.split("/"))

    globs = {
        "integrations/wikiskills_badges/contexts": "*.jsonld",
        "integrations/wikiskills_skills/data": "*.json",
        "integrations/wikiskills_skills/static/wikiskills_skills": "*.js",
        "xblocks/static": "*.js",
    }
    for templates in EXPECTED.get("templates_dirs", []):  # integrations/<app>/templates, as in the repository
        if not traversable(templates).is_dir():
            problem(f"importlib.resources finds no {templates} directory in the installed package")
    for block_dir in ("edit_exercise", "peer_review", "skills_survey", "wiki_page"):
        globs[f"xblocks/{block_dir}/static"] = "*"
        globs[f"xblocks/{block_dir}/templates"] = "*.html"
    for directory, pattern in globs.items():
        found = sorted(Path(str(traversable(directory))).glob(pattern)) if traversable(directory).is_dir() else []
        if not found:
            problem(f"importlib.resources finds no {directory}/{pattern} in the installed package")
        for item in found:
            if item.is_file() and not item.read_bytes().strip():
                problem(f"the installed {item} is empty")
    print("package data: checked")


# 5. Translations, as Django and the XBlock i18n service load them --------------------------------------------------

SHIPPED_LANGUAGES = ("es", "fr", "ar", "hi", "pt_BR")


def check_translations():
    """A string of a plugin app and one of the blocks' mixin come out translated in every shipped language."""
    import gettext  # noqa: PLC0415

    from django.utils import translation  # noqa: PLC0415

    for language in SHIPPED_LANGUAGES:
        with translation.override(translation.to_language(language)):
            if translation.gettext("My badges") == "My badges":
                problem(f"the badges app's catalog does not translate 'My badges' into {language}")
        for block_dir in ("edit_exercise", "peer_review", "skills_survey", "wiki_page"):
            module = f"wikiskills.xblocks.{block_dir}.block"
            directory = Path(str(resources.files(f"wikiskills.xblocks.{block_dir}"))) / "translations"
            try:  # what edx-platform's XBlockI18nService does with the block class's module
                catalog = gettext.translation("text", str(directory), [language])
            except OSError:
                problem(f"{module}: no {directory}/{language}/LC_MESSAGES/text.mo in the installed package")
                continue
            if catalog.gettext("Sign in to take part.") == "Sign in to take part.":
                problem(f"{module}: text.mo does not translate the blocks' strings into {language}")
    print(f"translations: {len(SHIPPED_LANGUAGES)} languages checked")


# 6. The learning-pack tool, as an author runs it --------------------------------------------------------------------


def check_pack_tool():
    """``wikiskills-pack`` from the virtualenv builds a shipped pack into an archive its own ``check`` accepts."""
    import subprocess  # noqa: PLC0415

    tool = Path(sysconfig.get_path("scripts")) / "wikiskills-pack"
    if not tool.exists():
        problem(f"the console script {tool} is not installed")
        return
    archive = WORK_DIR / "first-steps-ar.tar.gz"
    environment = {"PATH": "/usr/bin:/bin"}  # no DJANGO_SETTINGS_MODULE: the tool runs without an LMS
    commands = [
        [str(tool), "list"],
        [str(tool), "build", "editing-first-steps", "--org", "Smoke", "--course", "FS101", "--run", "2027",
         "--language", "ar", "--wiki", "arwiki", "--start", "2027-02-01", "-o", str(archive)],
        [str(tool), "check", str(archive)],
    ]  # fmt: skip
    for command in commands:
        result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False, cwd=WORK_DIR)
        if result.returncode != 0:
            problem(f"{' '.join(command[1:2])} exited {result.returncode}: {result.stderr or result.stdout}")
            return
    if "OK:" not in result.stdout:
        problem(f"check of the built pack said: {result.stdout}")
    print("pack tool: checked")


def main():
    with step("finding where wikiskills was imported from"):
        check_installed_location()
    plugin_apps = []
    with step("plugin discovery"):
        plugin_apps = discovered_plugin_apps()
    configured = False
    with step("configuring Django with the plugin apps and their plugin_settings"):
        configure_django(plugin_apps)
        install_urls()
        configured = True
    if configured:
        check_django()
        with step("the XBlocks"):
            check_xblocks()
        with step("package data"):
            check_package_data()
        with step("translations"):
            check_translations()
    with step("the learning-pack tool"):
        check_pack_tool()
    for item in problems:
        print(f"PROBLEM: {item}")
    print(f"SMOKE {'FAILED' if problems else 'PASSED'}: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
