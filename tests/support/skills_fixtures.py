"""Skills fixtures: the shipped taxonomy and territories, and learners with skill profiles."""

import pytest


@pytest.fixture
def skills_taxonomy(db):
    """The shipped taxonomy and territories (the MariaDB runs build tables without the data migration)."""
    from wikiskills.integrations.wikiskills_skills import taxonomy  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_skills.models import Skill, Territory  # noqa: PLC0415

    taxonomy.import_rows(taxonomy.shipped_rows(), Skill)
    taxonomy.import_territories(taxonomy.shipped_territories(), Territory)


@pytest.fixture
def skilled_learner(skills_taxonomy, django_user_model):
    """``skilled_learner(username, skills={code: (level, offered, wanted)}, languages={code: level}, **profile)``."""
    from wikiskills.integrations.wikiskills_skills import api  # noqa: PLC0415

    def make(username, skills=(), languages=None, **profile):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
        data = {
            "languages": [{"code": code, "proficiency": level} for code, level in (languages or {"en": 5}).items()],
            "skills": [
                {"skill": code, "self_level": level, "offered": offered, "wanted": wanted}
                for code, (level, offered, wanted) in dict(skills).items()
            ],
            "time_zone": "UTC",
            "availability": [{"day": 1, "start": "18:00", "end": "21:00"}],
            **profile,
        }
        problems = api.save_profile(user, data)
        assert not problems, problems
        return user

    return make
