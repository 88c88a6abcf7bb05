"""Leadership state: roles and their community versions, communities and coordinators, consent to show
leadership evidence, on-wiki activity read in batches, and capstone projects with their measured edits.

Roles are versioned, never edited in place (ADR 0042): each adaptation is a new ``RoleVersion`` with
who made it and why. Evidence is facts, never a score (ADR 0043). A project's impact is the sum of
the edits it counted, each counted once (ADR 0044).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..wikiskills_core.fields import WikiNameField
from ..wikiskills_core.languages import in_language


def new_token():
    return secrets.token_urlsafe(24)


class Community(models.Model):
    """An affiliate, a language community or a region: the place roles are adapted for (subsidiarity)."""

    AFFILIATE = "affiliate"
    LANGUAGE = "language"
    REGION = "region"
    OTHER = "other"
    KIND_CHOICES = [
        (AFFILIATE, _("Affiliate")),
        (LANGUAGE, _("Language community")),
        (REGION, _("Region")),
        (OTHER, _("Other")),
    ]

    slug = models.SlugField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    names = models.JSONField(_("translated names"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=KIND_CHOICES, default=AFFILIATE)
    qid = models.CharField(_("Wikidata item"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return in_language(self.names, self.name)


class CommunityMember(models.Model):
    """A person in a community; coordinators adapt roles for it and may read its members' leadership evidence."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    coordinator = models.BooleanField(_("coordinator"), default=False)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("community member")
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="wikiskills_leadership_member_once")]

    def __str__(self):
        return f"{self.user} in {self.community}"


class Role(models.Model):
    """A leadership role by its stable key; what it is lives in its versions (global and per community)."""

    code = models.SlugField(_("key"), max_length=64, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("role")
        ordering = ["order", "code"]

    def __str__(self):
        return self.code


class RoleVersion(models.Model):
    """One version of a role, global (no community) or a community's adaptation; rows are only ever added.

    ``skills`` is ``[{"skill": <skill code>, "level": 1-5}]``.
    """

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="versions")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="role_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    names = models.JSONField(_("translated names"), default=dict, blank=True)
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    skills = models.JSONField(_("skills needed"), default=list, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("why"), blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("role version")
        ordering = ["role", "community", "-number"]
        indexes = [models.Index(fields=["role", "community", "number"], name="wikiskills_leadership_version")]

    def __str__(self):
        return f"{self.role.code} v{self.number}"

    @property
    def display_name(self):
        return in_language(self.names, self.name)


class EvidenceConsent(models.Model):
    """A learner's yes to showing their leadership evidence to facilitators and coordinators; withdrawable."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    consented_at = models.DateTimeField(_("agreed at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evidence consent")

    def __str__(self):
        return f"{self.user}: {'withdrawn' if self.withdrawn_at else 'agreed'}"


class HiddenEvidence(models.Model):
    """An evidence item the learner chose to hide (by its stable key, e.g. ``wiki:enwiki:groups``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("hidden evidence item")
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="wikiskills_leadership_hide_once")]

    def __str__(self):
        return f"{self.user}: {self.item}"


class WikiActivity(models.Model):
    """What a wiki said of a linked account when last read in a batch: the facts shown as evidence.

    ``namespace_edits`` is ``{namespace number: edits in the last 90 days}``, read by number so every
    language reads the same (ADR 0043).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    wiki = models.CharField(_("wiki"), max_length=64)
    wiki_user_id = models.PositiveIntegerField()
    username = WikiNameField(_("wiki username"))
    edit_count = models.PositiveIntegerField(default=0)
    registered_at = models.DateTimeField(null=True, blank=True)
    groups = models.JSONField(default=list, blank=True)
    namespace_edits = models.JSONField(default=dict, blank=True)
    fetched_at = models.DateTimeField()

    class Meta:
        verbose_name = _("on-wiki activity")
        verbose_name_plural = _("on-wiki activity")
        constraints = [models.UniqueConstraint(fields=["user", "wiki"], name="wikiskills_leadership_activity_once")]

    def __str__(self):
        return f"{self.username}@{self.wiki}"


class Project(models.Model):
    """A community project (edit-a-thon, training, campaign) a member runs as a track's capstone."""

    EDITATHON = "editathon"
    TRAINING = "training"
    CAMPAIGN = "campaign"
    OTHER = "other"
    KIND_CHOICES = [
        (EDITATHON, _("Edit-a-thon")),
        (TRAINING, _("Training")),
        (CAMPAIGN, _("Campaign")),
        (OTHER, _("Other")),
    ]

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        "wikiskills_tracks.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.ForeignKey(
        "wikiskills_tracks.Stage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=KIND_CHOICES, default=EDITATHON)
    wiki = models.CharField(_("wiki"), max_length=64)
    event_page = WikiNameField(_("event page on the wiki"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    tracked_pages = models.TextField(_("tracked pages"), blank=True, help_text=_("One title a line; empty: all."))
    tracked_category = models.CharField(_("tracked category"), max_length=255, blank=True)
    public = models.BooleanField(_("show a public page with the figures"), default=False)
    signup_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    report = models.TextField(_("report"), blank=True)
    measured_at = models.DateTimeField(_("last measured"), null=True, blank=True)
    final_measured_at = models.DateTimeField(_("measured after the end"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    figures = models.JSONField(_("figures when signed off"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("community project")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title


class Participant(models.Model):
    """A participant's wiki account (they need not be on this platform); matched by id once the wiki knows it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    username = WikiNameField(_("wiki username"))
    wiki_user_id = models.PositiveIntegerField(null=True, blank=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    signed_up = models.BooleanField(_("added themself"), default=False)
    counted_until = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(_("edited again 30 days after"), null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        constraints = [
            models.UniqueConstraint(fields=["project", "username"], name="wikiskills_leadership_participant_once")
        ]

    def __str__(self):
        return self.username


class ProjectEdit(models.Model):
    """One edit a project counted; the sum of these is its impact. Never read again once stored."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="edits")
    revid = models.PositiveBigIntegerField()
    page_id = models.PositiveBigIntegerField()
    namespace = models.IntegerField()
    wiki_user_id = models.PositiveIntegerField()
    timestamp = models.DateTimeField()
    size_change = models.IntegerField(default=0)
    new_page = models.BooleanField(default=False)
    references_added = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("counted edit")
        constraints = [models.UniqueConstraint(fields=["project", "revid"], name="wikiskills_leadership_edit_once")]

    def __str__(self):
        return f"{self.project_id}: r{self.revid}"
