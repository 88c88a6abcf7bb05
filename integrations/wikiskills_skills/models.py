"""Skills state: the taxonomy and territories, learners' skill profiles, and matching requests.

The taxonomy has the shape of an Open edX tagging taxonomy (tags with a parent, at most
three levels, an ``external_id`` that is the Wikidata QID), so it exports to and imports
from the tagging format (see docs/decisions/0036-skills-taxonomy-in-the-tagging-format.md). Aggregates
read ``SkillRating`` rows grouped in SQL; the indexes below serve those GROUP BYs.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..wikiskills_core.languages import in_language

MAX_DEPTH = 3
LEVELS = range(1, 6)
NATIVE = 6  # Capacity Exchange's "native" above its 0-5 proficiency scale
SHARED_LANGUAGE_LEVEL = 3  # the least proficiency two people need in a common language to be matched


class Skill(models.Model):
    """A skill area or sub-skill; ``code`` is the stable key the rest of the product stores."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    qid = models.CharField(_("Wikidata item"), max_length=16, blank=True, help_text=_("For example Q1234."))
    label = models.CharField(_("label (English)"), max_length=128)
    description = models.TextField(_("description (English)"), blank=True)
    labels = models.JSONField(_("translated labels"), default=dict, blank=True, help_text=_('{"pt": "…"}'))
    descriptions = models.JSONField(_("translated descriptions"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("offered to learners"), default=True)

    class Meta:
        verbose_name = _("skill")
        ordering = ["order", "code"]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        return in_language(self.labels, self.label)

    @property
    def display_description(self):
        return in_language(self.descriptions, self.description)


class Territory(models.Model):
    """A country or region keyed by its Wikidata QID; counts roll up to ``parent``."""

    qid = models.CharField(_("Wikidata item"), max_length=16, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    label = models.CharField(_("name (English)"), max_length=128)
    labels = models.JSONField(_("translated names"), default=dict, blank=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["label"]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        return in_language(self.labels, self.label)


class SkillProfile(models.Model):
    """What one learner knows, offers and wants, and how to be matched with them."""

    PUBLIC = "public"
    MATCHED = "matched"
    AGGREGATE = "aggregate"
    VISIBILITY_CHOICES = [
        (PUBLIC, _("Everyone signed in to this site")),
        (MATCHED, _("Only people I am matched with")),
        (AGGREGATE, _("Nobody: count me only in anonymous totals")),
    ]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wikiskills_skills")
    territory = models.ForeignKey(Territory, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    affiliate = models.CharField(_("affiliate or community"), max_length=200, blank=True)
    affiliate_qid = models.CharField(_("affiliate's Wikidata item"), max_length=16, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    availability = models.JSONField(
        _("weekly availability"), default=list, blank=True, help_text=_("Windows in the learner's time zone.")
    )
    mentor_capacity = models.PositiveSmallIntegerField(_("people I can mentor at once"), default=0)
    away_until = models.DateField(_("away until"), null=True, blank=True)
    visibility = models.CharField(_("who sees my profile"), max_length=16, choices=VISIBILITY_CHOICES, default=MATCHED)
    share_email = models.BooleanField(_("share my email with people I am matched with"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("skill profile")
        permissions = [("view_map", _("Can view the skills assets-and-needs map"))]
        indexes = [models.Index(fields=["territory"], name="wikiskills_profile_territory")]

    def __str__(self):
        return str(self.user)


class ProfileLanguage(models.Model):
    """A language the learner works in, on Capacity Exchange's scale (0-5, and native)."""

    profile = models.ForeignKey(SkillProfile, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=16)
    proficiency = models.PositiveSmallIntegerField(_("proficiency"))

    class Meta:
        verbose_name = _("language")
        constraints = [models.UniqueConstraint(fields=["profile", "code"], name="wikiskills_one_level_per_language")]
        indexes = [models.Index(fields=["code", "proficiency"], name="wikiskills_language_level")]

    def __str__(self):
        return f"{self.code} {self.proficiency}"


class SkillRating(models.Model):
    """One learner and one skill: the level they know it at, and whether they offer or want it.

    ``self_level`` is what the learner said; ``evidence_level`` what the platform saw
    (``evidence`` says why). ``known_level`` is the greater of the two, kept for the
    aggregates' GROUP BY; evidence never lowers what the learner said.
    """

    profile = models.ForeignKey(SkillProfile, on_delete=models.CASCADE, related_name="ratings")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    self_level = models.PositiveSmallIntegerField(_("level I say"), null=True, blank=True)
    evidence_level = models.PositiveSmallIntegerField(_("level shown by evidence"), null=True, blank=True)
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    known_level = models.PositiveSmallIntegerField(_("known level"), default=0)
    offered = models.BooleanField(_("can teach or mentor"), default=False)
    wanted = models.BooleanField(_("wants to learn"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("skill rating")
        constraints = [models.UniqueConstraint(fields=["profile", "skill"], name="wikiskills_one_rating_per_skill")]
        indexes = [
            models.Index(fields=["skill", "offered", "wanted"], name="wikiskills_rating_by_skill"),
            # Covers the map's GROUP BYs, so they read the index alone (1.7 s -> 1 s at 100,000 profiles).
            models.Index(
                fields=["profile", "skill", "known_level", "offered", "wanted"], name="wikiskills_rating_cover"
            ),
        ]

    def __str__(self):
        return f"{self.skill_id} {self.known_level}"


class ProfileCourse(models.Model):
    """A course the learner answered a skills survey in: the map's course filter."""

    profile = models.ForeignKey(SkillProfile, on_delete=models.CASCADE, related_name="courses")
    course_key = models.CharField(_("course"), max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "course_key"], name="wikiskills_profile_course")]
        indexes = [models.Index(fields=["course_key"], name="wikiskills_course_profiles")]

    def __str__(self):
        return self.course_key


class MatchRequest(models.Model):
    """A learner asking for a mentor or a peer in some skills."""

    MENTOR = "mentor"
    PEER = "peer"
    KIND_CHOICES = [(MENTOR, _("a mentor")), (PEER, _("a peer to learn with"))]
    OPEN = "open"
    MATCHED = "matched"
    CLOSED = "closed"
    STATUS_CHOICES = [(OPEN, _("looking")), (MATCHED, _("matched")), (CLOSED, _("closed"))]

    requester = models.ForeignKey(SkillProfile, on_delete=models.CASCADE, related_name="match_requests")
    kind = models.CharField(_("looking for"), max_length=8, choices=KIND_CHOICES)
    skills = models.ManyToManyField(Skill, related_name="+")
    across_regions = models.BooleanField(_("connect across regions"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=STATUS_CHOICES, default=OPEN)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("match request")
        indexes = [models.Index(fields=["status", "kind"], name="wikiskills_open_requests")]

    def __str__(self):
        return f"{self.requester} ({self.kind})"


class Match(models.Model):
    """One suggested partner for a request, and what both sides did about it.

    A suggestion becomes ``chosen`` when the requester picks it, ``accepted`` or
    ``declined`` when the partner answers; contact details are shown only once
    accepted. ``good_fit`` is the requester's answer after the first meeting. Declines
    and "not a good fit" exclude the pair from later suggestions and batch runs.
    """

    SUGGESTED = "suggested"
    CHOSEN = "chosen"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SET_ASIDE = "set_aside"
    ENDED = "ended"
    STATUS_CHOICES = [
        (SUGGESTED, _("suggested")),
        (CHOSEN, _("waiting for an answer")),
        (ACCEPTED, _("accepted")),
        (DECLINED, _("declined")),
        (SET_ASIDE, _("not chosen")),
        (ENDED, _("ended")),
    ]
    INSTANT = "instant"
    BATCH = "batch"

    request = models.ForeignKey(MatchRequest, on_delete=models.CASCADE, related_name="matches")
    partner = models.ForeignKey(SkillProfile, on_delete=models.CASCADE, related_name="partner_matches")
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES, default=SUGGESTED)
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)
    score = models.FloatField(_("score"), default=0)
    explanation = models.JSONField(_("why this partner"), default=list)
    source = models.CharField(_("found by"), max_length=8, default=INSTANT)
    good_fit = models.BooleanField(_("good fit"), null=True, blank=True)
    created_at = models.DateTimeField(_("suggested at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["request", "partner"], name="wikiskills_one_match_per_pair")]
        indexes = [models.Index(fields=["partner", "status"], name="wikiskills_partner_matches")]

    def __str__(self):
        return f"{self.request} → {self.partner}"
