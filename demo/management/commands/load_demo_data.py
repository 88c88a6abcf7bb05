"""Create the demo's people (a course author, an instructor, learners), a demo badge, a populated
skills map with a learner who has three explained suggestions, and a leadership track with two
cohorts (idempotent)."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from demo.skills_population import PREFIX, create_population
from wikiskills.integrations.wikiskills_badges import keys, links
from wikiskills.integrations.wikiskills_badges.awarding import award_badge
from wikiskills.integrations.wikiskills_badges.models import AwardRule, BadgeClass, Issuer
from wikiskills.integrations.wikiskills_leadership import api as leadership_api
from wikiskills.integrations.wikiskills_leadership.models import Community, CommunityMember
from wikiskills.integrations.wikiskills_skills import api as skills_api
from wikiskills.integrations.wikiskills_skills.models import MatchRequest, SkillProfile
from wikiskills.integrations.wikiskills_tracks import api as tracks_api
from wikiskills.integrations.wikiskills_tracks.models import (
    Cohort,
    Membership,
    Requirement,
    Stage,
    Track,
    TrackCourse,
)
from wikiskills.integrations.wikiskills_tracks.progress import record_fact

DEMO_COURSE_KEY = "course-v1:WikiSkills+Demo+2026"

# A badge image made here, so the demo shows and bakes it without reaching the internet.
DEMO_BADGE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
<title>First citation</title>
<circle cx="64" cy="64" r="60" fill="#36c"/>
<text x="64" y="84" font-size="56" text-anchor="middle" fill="#fff" font-family="serif">[1]</text>
</svg>
"""

DEMO_PEOPLE = (
    # username, is_staff, role shown to the person running the demo
    ("author_amara", True, _("course author")),
    ("instructor_ivan", True, _("instructor")),
    ("learner_lucia", False, _("learner")),
    ("learner_kwame", False, _("learner")),
    ("learner_mei", False, _("learner")),
    ("mentor_mariana", False, _("mentor")),
    ("mentor_joao", False, _("mentor")),
    ("mentor_tiago", False, _("mentor")),
)
# A badge for finishing the track's first stage and one for graduating, drawn like the demo badge.
TRACK_BADGE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
<title>{title}</title>
<circle cx="64" cy="64" r="60" fill="{colour}"/>
<text x="64" y="84" font-size="56" text-anchor="middle" fill="#fff" font-family="serif">{mark}</text>
</svg>
"""
TRACK_SLUG = "organizers"
DEMO_COMMUNITY = "wikimedia-brasil"
TRACK = {
    "title": "Event organizers",
    "titles": {"es": "Organizadores de eventos", "pt": "Organizadores de eventos", "ar": "منظمو الفعاليات"},
    "summary": "From your first edit-a-thon to running a community programme, with a mentor at your side.",
    "summaries": {
        "es": "De tu primer editatón a un programa comunitario, con una mentora a tu lado.",
        "pt": "Da sua primeira editatona a um programa comunitário, com uma mentora ao seu lado.",
        "ar": "من أول ماراثون تحرير إلى إدارة برنامج مجتمعي، مع مرشد إلى جانبك.",
    },
    "languages": "en, es, pt, ar",
    "level": Track.BEGINNER,
    "weekly_hours": 3,
    "sequential": True,
    "role_code": "edit_a_thon_organizer",
}
# order, title, translated titles, what to do, requirements as (kind, key, threshold, label)
TRACK_STAGES = (
    (
        1,
        "Foundations",
        {"es": "Fundamentos", "pt": "Fundamentos", "ar": "الأساسيات"},
        "Pass the demo course: add a citation that stays.",
        ((Requirement.COURSE_PASSED, DEMO_COURSE_KEY, 1, "Pass the demo course"),),
    ),
    (
        2,
        "Planning an event, with your mentor",
        {"es": "Planificar un evento", "pt": "Planejar um evento", "ar": "التخطيط لفعالية"},
        "Meet your mentor for at least an hour in all and plan your first edit-a-thon together.",
        ((Requirement.MENTORING_MINUTES, "", 1, "One hour with your mentor"),),
    ),
    (
        3,
        "Running it",
        {"es": "Llevarlo a cabo", "pt": "Realizá-lo", "ar": "تنفيذها"},
        "Run your event; a facilitator signs the stage off once you have told the cohort how it went.",
        ((Requirement.SIGN_OFF, "", 1, "A facilitator's sign-off"),),
    ),
)
DEMO_COHORT = "Organizers 2027"
OPEN_COHORT = "Organizers 2027, open circle (Spanish)"
COHORT_QUESTIONS = [
    "Which community or affiliate do you organize with?",
    "What event would you like to run during the track?",
]
SYNTHETIC_PROFILES = 3000
# Lucia, in Brazil, wants to learn to write grant proposals; three Portuguese-speaking mentors offer it.
LUCIA = {
    "territory": "Q155",
    "time_zone": "America/Sao_Paulo",
    "availability": [{"day": 1, "start": "19:00", "end": "21:00"}, {"day": 3, "start": "19:00", "end": "21:00"}],
    "languages": [{"code": "pt", "proficiency": 6}, {"code": "en", "proficiency": 3}],
    "skills": [
        {"skill": "grant_writing", "self_level": 1, "wanted": True},
        {"skill": "editing_articles", "self_level": 3},
    ],
    "visibility": "matched",
}
MENTORS = {
    "mentor_mariana": ("Q155", "America/Sao_Paulo", 5, "19:00", "22:00"),
    "mentor_joao": ("Q45", "Europe/Lisbon", 4, "22:00", "23:59"),
    "mentor_tiago": ("Q1033", "Africa/Lagos", 4, "23:00", "23:59"),
}


class Command(BaseCommand):
    help = "Create the demo users and a demo badge issuer, badge and award (safe to run again)."

    def handle(self, *args, **options):
        users = get_user_model()
        for username, is_staff, role in DEMO_PEOPLE:
            user, created = users.objects.get_or_create(username=username, defaults={"is_staff": is_staff})
            if created:
                user.set_unusable_password()
                user.save()
            self.stdout.write(f"{role}: {username}")
        self._load_badges(users.objects.get(username="learner_lucia"))
        self._load_skills(users)
        self._load_tracks(users)
        self._load_leadership(users)

    def _load_badges(self, learner):
        """An issuer with keys, a badge a demo course awards, and one award to look at."""
        issuer, _created = Issuer.objects.get_or_create(
            slug="wikiskills-demo",
            defaults={"name": "WikiSkills demo", "url": "https://meta.wikimedia.org", "email": "demo@example.org"},
        )
        keys.ensure_keys(issuer)
        badge_class, _created = BadgeClass.objects.get_or_create(
            slug="first-citation",
            defaults={
                "issuer": issuer,
                "name": "First citation",
                "description": "Added a reliable source to a wiki article.",
                "criteria_narrative": "Pass the demo course: add a citation that stays.",
                "tags": ["editing", "citations"],
                "skill_area_id": "editing",
            },
        )
        if not badge_class.image:
            badge_class.image.save("first-citation.svg", ContentFile(DEMO_BADGE_SVG.encode()))
        AwardRule.objects.get_or_create(
            badge_class=badge_class, trigger=AwardRule.COURSE_PASSED, course_key=DEMO_COURSE_KEY
        )
        award, _created = award_badge(badge_class, learner, course_key=DEMO_COURSE_KEY)
        self.stdout.write(f"badge: {links.absolute('verify', award.uuid)}")

    def _load_skills(self, users):
        """A few thousand synthetic people for the map, three mentors, and Lucia's explained suggestions."""
        if not users.objects.filter(username__startswith=PREFIX).exists():
            create_population(SYNTHETIC_PROFILES)
        self.stdout.write(f"skills map: {SkillProfile.objects.count()} profiles")
        for username, (territory, time_zone, level, start, end) in MENTORS.items():
            skills_api.save_profile(
                users.objects.get(username=username),
                {
                    "territory": territory,
                    "time_zone": time_zone,
                    "availability": [{"day": 1, "start": start, "end": end}],
                    "languages": [{"code": "pt", "proficiency": 6 if territory != "Q1033" else 4}],
                    "skills": [{"skill": "grant_writing", "self_level": level, "offered": True}],
                    "mentor_capacity": 2,
                    "visibility": "public",
                },
            )
        lucia = users.objects.get(username="learner_lucia")
        skills_api.save_profile(lucia, LUCIA)
        if not MatchRequest.objects.filter(requester__user=lucia).exists():
            skills_api.request_match(lucia, "mentor", ["grant_writing"])
        self.stdout.write(f"matching: act as learner_lucia, then open {settings.LMS_ROOT_URL}/skills/matching/")

    def _load_tracks(self, users):
        """The "Event organizers" track, a running cohort by application with people and progress, an open one."""
        track = self._track()
        people = {username: users.objects.get(username=username) for username, _staff, _role in DEMO_PEOPLE}
        ivan, mei = people["instructor_ivan"], people["learner_mei"]
        cohort, _created = Cohort.objects.get_or_create(
            track=track,
            name=DEMO_COHORT,
            defaults={
                "language": "pt",
                "region": "Brazil and Portugal",
                "time_zone": "America/Sao_Paulo",
                "starts_on": date(2026, 11, 16),
                "ends_on": date(2027, 5, 28),
                "capacity": 12,
                "mode": Cohort.APPLICATION,
                "status": Cohort.RUNNING,
                "questions": COHORT_QUESTIONS,
                "stalled_after_days": 14,
            },
        )
        tracks_api.add_staff(cohort, ivan, Membership.FACILITATOR)
        tracks_api.add_staff(cohort, people["mentor_mariana"], Membership.MENTOR)
        # Each step answers "already in" or "not pending" the second time, and changes nothing.
        tracks_api.apply(cohort, people["learner_kwame"], ["Wikimedians of Ghana", "A Wiki Loves Africa photo walk"])
        tracks_api.apply(cohort, mei, ["Wikimedia Taiwan", "An edit-a-thon on women scientists"])
        membership = Membership.objects.get(cohort=cohort, user=mei)
        tracks_api.decide(membership, ivan, tracks_api.ACCEPT, "Welcome! Mariana will be your mentor.")
        membership.refresh_from_db()
        # Mei passed the demo course (stage 1, which earns its badge) and met her mentor for half an hour.
        record_fact(mei.pk, Requirement.COURSE_PASSED, DEMO_COURSE_KEY, 1, source="demo: course passed")
        if membership.mentor_id is None:
            tracks_api.assign_mentor(membership, ivan, "mentor_mariana")
            membership.refresh_from_db()
        if not membership.check_ins.exists():
            tracks_api.log_check_in(
                membership,
                people["mentor_mariana"],
                timezone.localdate() - timedelta(days=3),
                30,
                notes="Talked through the venue and how to invite newcomers.",
                next_step="Draft the event page on the wiki.",
            )
        if not cohort.invitations.exists():
            tracks_api.create_invitation(cohort, ivan, note="A guest from the local user group")
        invitation = cohort.invitations.order_by("pk").first()

        open_cohort, _created = Cohort.objects.get_or_create(
            track=track,
            name=OPEN_COHORT,
            defaults={
                "language": "es",
                "region": "Latin America",
                "time_zone": "America/Bogota",
                "starts_on": date(2027, 2, 1),
                "ends_on": date(2027, 7, 30),
                "capacity": 30,
                "mode": Cohort.OPEN,
                "status": Cohort.ENROLLING,
            },
        )
        tracks_api.add_staff(open_cohort, ivan, Membership.FACILITATOR)
        tracks_api.add_staff(open_cohort, people["mentor_joao"], Membership.MENTOR)
        self.stdout.write(
            f"tracks: {track.key} with cohorts {cohort.pk} ({cohort.name}) and {open_cohort.pk} ({open_cohort.name}); "
            f"act as instructor_ivan, then open {settings.LMS_ROOT_URL}/tracks/cohorts/{cohort.pk}/dashboard/ "
            f"(learner_mei: /tracks/mine/; mentor_mariana: /tracks/mentoring/; "
            f"a guest's invitation: /tracks/invitations/{invitation.token}/)"
        )

    def _load_leadership(self, users):
        """A community that adapted the organizer role, its coordinator, and a learner sharing her evidence."""
        leadership_api.load_shipped_roles()
        community, _created = Community.objects.get_or_create(
            slug=DEMO_COMMUNITY, defaults={"name": "Wikimedia Brasil (demo)", "kind": Community.AFFILIATE}
        )
        mariana, lucia, mei = (
            users.objects.get(username=name) for name in ("mentor_mariana", "learner_lucia", "learner_mei")
        )
        CommunityMember.objects.get_or_create(community=community, user=mariana, defaults={"coordinator": True})
        for member in (lucia, mei):
            CommunityMember.objects.get_or_create(community=community, user=member)
        role = leadership_api.role("edit_a_thon_organizer")
        if not role.versions.filter(community=community).exists():
            version = leadership_api.current_version(role, None)
            skills = [*version.skills, {"skill": "translating", "level": 2}]
            leadership_api.adapt(
                role,
                community,
                mariana,
                name="Organizadora de editatonas",
                names={"pt": "Organizadora de editatonas"},
                responsibilities=version.responsibilities,
                skills=skills,
                reason="Our events are bilingual: organizers translate the event page.",
            )
        leadership_api.agree(mei)
        self.stdout.write(
            "leadership: /leadership/roles/ (as learner_lucia sees Wikimedia Brasil's version), "
            "/leadership/evidence/ (as learner_mei, who shares hers), /leadership/people/ (as instructor_ivan)"
        )

    def _track(self):
        """The track, its course, stages and requirements, a badge for stage 1 and one for graduating."""
        track, _created = Track.objects.get_or_create(slug=TRACK_SLUG, defaults=TRACK)
        TrackCourse.objects.get_or_create(track=track, course_key=DEMO_COURSE_KEY, defaults={"order": 1})
        stages = {}
        for order, title, titles, description, requirements in TRACK_STAGES:
            stage, created = Stage.objects.get_or_create(
                track=track, order=order, defaults={"title": title, "titles": titles, "description": description}
            )
            if created:
                for kind, key, threshold, label in requirements:
                    Requirement.objects.create(stage=stage, kind=kind, key=key, threshold=threshold, label=label)
            stages[order] = stage
        issuer = Issuer.objects.get(slug="wikiskills-demo")
        badges = (
            (
                "organizers-foundations",
                "Event organizer: foundations",
                "#2a7",
                "1",
                "Finished the first stage of the Event organizers track.",
                AwardRule.TRACK_STAGE_COMPLETED,
                stages[1].key,
            ),
            (
                "event-organizer",
                "Event organizer",
                "#a52",
                "★",
                "Finished every stage of the Event organizers track, signed off by a facilitator.",
                AwardRule.TRACK_COMPLETED,
                track.key,
            ),
        )
        for slug, name, colour, mark, criteria, trigger, key in badges:
            badge_class, _created = BadgeClass.objects.get_or_create(
                slug=slug,
                defaults={
                    "issuer": issuer,
                    "name": name,
                    "description": criteria,
                    "criteria_narrative": criteria,
                    "tags": ["leadership", "events"],
                    "skill_area_id": "leadership",
                },
            )
            if not badge_class.image:
                svg = TRACK_BADGE_SVG.format(title=name, colour=colour, mark=mark)
                badge_class.image.save(f"{slug}.svg", ContentFile(svg.encode()))
            AwardRule.objects.get_or_create(badge_class=badge_class, trigger=trigger, course_key=key)
        return track
