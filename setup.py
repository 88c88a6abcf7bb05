"""Packaging for openedx-wikiskills.

The repository keeps the product's layout (``xblocks/``, ``integrations/``,
``course_templates/``) while installing everything under one ``wikiskills``
namespace, so nothing we ship can clash with another top-level package inside
an Open edX virtualenv (see docs/decisions/0001-one-namespace-for-installed-code.md).
"""

import re
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).parent
SOURCE_DIRS = {
    "wikiskills.xblocks": "xblocks",
    "wikiskills.integrations": "integrations",
    "wikiskills.course_templates": "course_templates",
}


def read_version():
    """Read the version from the package without importing it (it needs Django)."""
    text = (HERE / "integrations" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def read_requirements(name):
    """Requirements from a pip-tools ``.in`` file, skipping comments and includes."""
    lines = (HERE / "requirements" / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith(("#", "-"))]


def find_packages_in(source_dirs):
    """Every package below each source dir, named inside the ``wikiskills`` namespace."""
    packages = []
    for package, directory in source_dirs.items():
        for init in sorted((HERE / directory).rglob("__init__.py")):
            relative = init.parent.relative_to(HERE / directory).parts
            packages.append(".".join((package, *relative)))
    return packages


setup(
    name="openedx-wikiskills",
    version=read_version(),
    description="Open edX XBlocks and plugin apps for Wikimedia skills and leadership development",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    python_requires=">=3.11",
    package_dir=SOURCE_DIRS,
    packages=find_packages_in(SOURCE_DIRS),
    include_package_data=True,
    install_requires=read_requirements("base.in"),
    classifiers=[
        "Framework :: Django",
        "Framework :: Django :: 4.2",
        "Framework :: Django :: 5.2",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)",
    ],
    entry_points={
        "xblock.v1": [
            "wikiskills_wiki_page = wikiskills.xblocks.wiki_page:WikiPageBlock",
            "wikiskills_edit_exercise = wikiskills.xblocks.edit_exercise:EditExerciseBlock",
            "wikiskills_peer_review = wikiskills.xblocks.peer_review:PeerReviewBlock",
            "wikiskills_skills_survey = wikiskills.xblocks.skills_survey:SkillsSurveyBlock",
        ],
        "lms.djangoapp": [
            "wikiskills_core = wikiskills.integrations.wikiskills_core.apps:WikiSkillsCoreConfig",
            "wikiskills_accounts = wikiskills.integrations.wikiskills_accounts.apps:WikiSkillsAccountsConfig",
            "wikiskills_exercises = wikiskills.integrations.wikiskills_exercises.apps:WikiSkillsExercisesConfig",
            "wikiskills_badges = wikiskills.integrations.wikiskills_badges.apps:WikiSkillsBadgesConfig",
            "wikiskills_peer_review = wikiskills.integrations.wikiskills_peer_review.apps:WikiSkillsPeerReviewConfig",
            "wikiskills_skills = wikiskills.integrations.wikiskills_skills.apps:WikiSkillsSkillsConfig",
            "wikiskills_tracks = wikiskills.integrations.wikiskills_tracks.apps:WikiSkillsTracksConfig",
            "wikiskills_leadership = wikiskills.integrations.wikiskills_leadership.apps:WikiSkillsLeadershipConfig",
        ],
        "cms.djangoapp": [
            "wikiskills_core = wikiskills.integrations.wikiskills_core.apps:WikiSkillsCoreConfig",
            "wikiskills_accounts = wikiskills.integrations.wikiskills_accounts.apps:WikiSkillsAccountsConfig",
            "wikiskills_exercises = wikiskills.integrations.wikiskills_exercises.apps:WikiSkillsExercisesConfig",
            "wikiskills_badges = wikiskills.integrations.wikiskills_badges.apps:WikiSkillsBadgesConfig",
            "wikiskills_peer_review = wikiskills.integrations.wikiskills_peer_review.apps:WikiSkillsPeerReviewConfig",
            "wikiskills_skills = wikiskills.integrations.wikiskills_skills.apps:WikiSkillsSkillsConfig",
            "wikiskills_tracks = wikiskills.integrations.wikiskills_tracks.apps:WikiSkillsTracksConfig",
            "wikiskills_leadership = wikiskills.integrations.wikiskills_leadership.apps:WikiSkillsLeadershipConfig",
        ],
        "console_scripts": [
            "wikiskills-pack = wikiskills.course_templates.cli:main",
        ],
    },
)
