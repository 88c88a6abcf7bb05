"""Tracks state: tracks with stages and requirements, cohorts, memberships and their audit trail,
nominations, invitations, mentor check-ins, the progress facts events bring, and stage progress.

The model stays close to the platform's future pathways (ADR 0039): a track lists opaque course
keys with weights, memberships keep an audit of every change, and progress is derived from
``ProgressFact`` rows that events write idempotently (ADR 0040).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..wikiskills_core.languages import in_language

TOKEN_BYTES = 24


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


class Track(models.Model):
    """A multilingual leadership programme: ordered stages, run as cohorts."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"
    LEVEL_CHOICES = [(BEGINNER, _("Beginner")), (INTERMEDIATE, _("Intermediate")), (ADVANCED, _("Advanced"))]

    slug = models.SlugField(_("key"), max_length=64, unique=True, help_text=_("Used in addresses and the API."))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    titles = models.JSONField(_("translated titles"), default=dict, blank=True, help_text=_('{"es": "…"}'))
    summaries = models.JSONField(_("translated summaries"), default=dict, blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("Language codes, separated by commas: es, pt, ar.")
    )
    level = models.CharField(_("level"), max_length=16, choices=LEVEL_CHOICES, default=BEGINNER)
    weekly_hours = models.PositiveSmallIntegerField(_("expected hours a week"), default=2)
    sequential = models.BooleanField(
        _("stages unlock in order"), default=True, help_text=_("Otherwise members may work on any stage.")
    )
    role_code = models.SlugField(
        _("prepares for the role"),
        max_length=64,
        blank=True,
        help_text=_("The key of a leadership role (for example edit_a_thon_organizer); its community versions apply."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("track")
        ordering = ["title"]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return in_language(self.titles, self.title)

    @property
    def display_summary(self):
        return in_language(self.summaries, self.summary)

    @property
    def key(self):
        """The track's opaque key, learning-paths style; badge rules for graduation name it."""
        return f"track-v1:{self.slug}"

    @property
    def language_codes(self):
        return [code.strip() for code in self.languages.split(",") if code.strip()]


class TrackCourse(models.Model):
    """A course of the track (an opaque course key) with its weight; members are enrolled in each."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="courses")
    course_key = models.CharField(_("course"), max_length=255, help_text=_("e.g. course-v1:Wikimedia+Lead101+2027"))
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("track course")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["track", "course_key"], name="wikiskills_tracks_course_once")]

    def __str__(self):
        return self.course_key


class Stage(models.Model):
    """A step of a track; done when all its requirements are met."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    titles = models.JSONField(_("translated titles"), default=dict, blank=True)
    description = models.TextField(_("what to do"), blank=True)
    link = models.URLField(_("where to start"), blank=True, help_text=_("A course, unit or page members go to."))

    class Meta:
        verbose_name = _("stage")
        ordering = ["track", "order"]
        constraints = [models.UniqueConstraint(fields=["track", "order"], name="wikiskills_tracks_stage_order")]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return in_language(self.titles, self.title)

    @property
    def key(self):
        """The stage's opaque key; "Cohort track stage completed" badge rules name it."""
        return f"{self.track.key}+stage@{self.order}"


class Requirement(models.Model):
    """One condition of a stage, met by a ``ProgressFact`` of the same kind and key at least ``threshold``."""

    COURSE_PASSED = "course_passed"
    COURSE_GRADE = "course_grade"
    COURSE_COMPLETION = "course_completion"
    BLOCK_DONE = "block_done"
    BLOCK_SCORE = "block_score"
    BADGE_HELD = "badge_held"
    MENTORING_MINUTES = "mentoring_minutes"
    SIGN_OFF = "sign_off"
    CAPSTONE = "capstone"
    # Kinds met by a person's act on one stage: their fact is keyed by the stage.
    STAGE_KINDS = (SIGN_OFF, CAPSTONE)
    KIND_CHOICES = [
        (COURSE_PASSED, _("Course passed")),
        (COURSE_GRADE, _("Course grade at least")),
        (COURSE_COMPLETION, _("Course completion at least")),
        (BLOCK_DONE, _("Block done (editing exercise passed, peer review given)")),
        (BLOCK_SCORE, _("Block score at least")),
        (BADGE_HELD, _("Badge held")),
        (MENTORING_MINUTES, _("Mentoring time at least (hours)")),
        (SIGN_OFF, _("A facilitator signs it off")),
        (CAPSTONE, _("A community project, signed off with its measured impact")),
    ]

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField(_("kind"), max_length=24, choices=KIND_CHOICES)
    key = models.CharField(
        _("course, block or badge"),
        max_length=255,
        blank=True,
        help_text=_("A course key, a block's usage key or a badge class key (slug); empty for hours and sign-off."),
    )
    threshold = models.FloatField(
        _("at least"), default=1, help_text=_("A grade or completion from 0 to 1, a score from 0 to 1, or hours.")
    )
    label = models.CharField(_("shown to members as"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("requirement")
        ordering = ["stage", "pk"]
        indexes = [models.Index(fields=["kind", "key"], name="wikiskills_tracks_req_lookup")]

    def __str__(self):
        return self.label or f"{self.get_kind_display()} {self.key}".strip()


class Cohort(models.Model):
    """One run of a track: its people, dates and how people join."""

    PLANNED = "planned"
    ENROLLING = "enrolling"
    RUNNING = "running"
    FINISHED = "finished"
    STATUS_CHOICES = [
        (PLANNED, _("Planned")),
        (ENROLLING, _("Enrolling")),
        (RUNNING, _("Running")),
        (FINISHED, _("Finished")),
    ]
    OPEN = "open"
    APPLICATION = "application"
    NOMINATION = "nomination"
    INVITATION = "invitation"
    MODE_CHOICES = [
        (OPEN, _("Open: anyone joins while seats are left, then a waitlist")),
        (APPLICATION, _("By application: facilitators decide")),
        (NOMINATION, _("By nomination: people are nominated and agree")),
        (INVITATION, _("By invitation link only")),
    ]

    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=16, default="en")
    region = models.CharField(_("region"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveIntegerField(_("seats"), default=25)
    mode = models.CharField(_("how people join"), max_length=16, choices=MODE_CHOICES, default=APPLICATION)
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES, default=PLANNED)
    questions = models.JSONField(
        _("application questions"), default=list, blank=True, help_text=_('A list of questions: ["Why …?"]')
    )
    stalled_after_days = models.PositiveSmallIntegerField(_("stalled after days without progress"), default=14)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name

    @property
    def course_cohort_name(self):
        """The name of the course cohort this cohort has in each of its track's courses."""
        return f"{self.name} ({self.pk})"[:255]


class Membership(models.Model):
    """A person in a cohort, as member, mentor or facilitator; ``status`` changes are audited."""

    MEMBER = "member"
    MENTOR = "mentor"
    FACILITATOR = "facilitator"
    ROLE_CHOICES = [(MEMBER, _("Member")), (MENTOR, _("Mentor")), (FACILITATOR, _("Facilitator"))]

    APPLIED = "applied"
    NOMINATED = "nominated"
    WAITLISTED = "waitlisted"
    ACTIVE = "active"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    REMOVED = "removed"
    GRADUATED = "graduated"
    STATUS_CHOICES = [
        (APPLIED, _("Applied")),
        (NOMINATED, _("Nominated, agreed")),
        (WAITLISTED, _("Waitlisted")),
        (ACTIVE, _("Active")),
        (DECLINED, _("Declined")),
        (WITHDRAWN, _("Withdrew")),
        (REMOVED, _("Removed")),
        (GRADUATED, _("Graduated")),
    ]
    # Statuses that hold a seat, and those whose progress is followed.
    SEATED = (ACTIVE, GRADUATED)
    FOLLOWED = (ACTIVE, GRADUATED)

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wikiskills_cohorts")
    role = models.CharField(_("role"), max_length=16, choices=ROLE_CHOICES, default=MEMBER)
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES)
    guest = models.BooleanField(_("joined by invitation from outside"), default=False)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answers = models.JSONField(_("application answers"), default=list, blank=True)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    last_progress_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    graduated_at = models.DateTimeField(_("graduated at"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("last stalled reminder"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("membership")
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="wikiskills_tracks_one_membership")]
        indexes = [
            models.Index(fields=["user", "status"], name="wikiskills_tracks_by_user"),
            models.Index(fields=["cohort", "role", "status"], name="wikiskills_tracks_roster"),
        ]

    def __str__(self):
        return f"{self.user} in {self.cohort} ({self.role}, {self.status})"


class MembershipEvent(models.Model):
    """The audit trail: every change of a membership's status or mentor, by whom and why."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    reason = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("membership change")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '-'} -> {self.to_status}"


class Nomination(models.Model):
    """A nomination of a person for a cohort; facilitators see it only once the nominee agrees."""

    ASKED = "asked"
    AGREED = "agreed"
    REFUSED = "refused"
    STATUS_CHOICES = [(ASKED, _("Asked")), (AGREED, _("Agreed")), (REFUSED, _("Refused"))]

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    nominator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reasons = models.TextField(_("reasons"))
    status = models.CharField(_("status"), max_length=8, choices=STATUS_CHOICES, default=ASKED)
    created_at = models.DateTimeField(_("nominated at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "nominee", "nominator"], name="wikiskills_tracks_nominate_once")
        ]

    def __str__(self):
        return f"{self.nominee} for {self.cohort} ({self.status})"


class Invitation(models.Model):
    """A one-use link for someone from outside the platform; kept until used."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    note = models.CharField(_("for"), max_length=200, blank=True, help_text=_("Who it is for, to recognise it."))
    email = models.EmailField(_("email"), blank=True, help_text=_("Where to send the link, if anywhere."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")

    def __str__(self):
        return self.note or f"{self.cohort} #{self.pk}"


class CheckIn(models.Model):
    """A mentoring conversation, logged by the mentor or the member; notes are for the pair and facilitators."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    met_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    notes = models.TextField(_("notes"), blank=True)
    next_step = models.CharField(_("next step"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("logged at"))

    class Meta:
        verbose_name = _("check-in")
        ordering = ["-met_on", "-pk"]

    def __str__(self):
        return f"{self.met_on} ({self.minutes} min)"


class ProgressFact(models.Model):
    """A learner reached ``value`` for (kind, key) at ``reached_at``: one row per increase, never updated.

    Events only add a row when the value is higher than the best so far, so a repeated or late
    event changes nothing, and the time a threshold was first crossed stays known: stage
    progress can always be worked out again from these rows (ADR 0040).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=Requirement.KIND_CHOICES)
    key = models.CharField(max_length=255, blank=True)
    value = models.FloatField()
    reached_at = models.DateTimeField()
    source = models.CharField(max_length=255, blank=True)
    # What a badge for the stage shows as evidence: ``[{"url": …, "narrative": …}]`` (a capstone's figures).
    evidence = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("progress fact")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key", "value"], name="wikiskills_tracks_fact_once")
        ]

    def __str__(self):
        return f"{self.kind} {self.key} = {self.value}"


class StageProgress(models.Model):
    """A member's finished stage, worked out from facts; written once, never undone."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="progress")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(_("done at"))

    class Meta:
        verbose_name = _("stage done")
        verbose_name_plural = _("stages done")
        constraints = [
            models.UniqueConstraint(fields=["membership", "stage"], name="wikiskills_tracks_stage_once"),
        ]

    def __str__(self):
        return f"{self.membership_id}: stage {self.stage_id} at {self.done_at}"


class CourseSync(models.Model):
    """What was done in one course for one membership: enrolled, and in the cohort's course cohort or not."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="course_syncs")
    course_key = models.CharField(max_length=255)
    enrolled = models.BooleanField(default=False)
    in_course_cohort = models.BooleanField(default=False)
    synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("course sync")
        constraints = [
            models.UniqueConstraint(fields=["membership", "course_key"], name="wikiskills_tracks_sync_once"),
        ]

    def __str__(self):
        return f"{self.membership_id} in {self.course_key}"
