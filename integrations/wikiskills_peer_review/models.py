"""Peer-review state: one row per submitted piece of work, one per review (leased, done or released).

The text or diff itself and the score also live in edx-submissions (``submission_uuid``),
so platform tools see them; these rows carry what allocation and grading need, with the
author's settings copied at submission time so background sweeps need no course content.
"""

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.utils.translation import gettext_lazy as _


class PeerSubmission(models.Model):
    """A learner's work in one peer-review item.

    ``load`` is completed plus leased peer reviews, the allocator's measure of how much
    a submission still needs; it changes only by conditional UPDATEs, so concurrent
    reviewers cannot take more leases than ``required_reviews`` leaves room for.
    ``needy`` (``load < required_reviews``) is kept with it, so the index walk can skip
    work that needs nothing without comparing two columns row by row.
    """

    TEXT = "text"
    WIKI = "wiki"
    KIND_CHOICES = [(TEXT, _("text")), (WIKI, _("wiki edit"))]

    ACTIVE = "active"
    FLAGGED = "flagged"
    REMOVED = "removed"
    STATUS_CHOICES = [(ACTIVE, _("in review")), (FLAGGED, _("flagged")), (REMOVED, _("removed by staff"))]

    item_id = models.CharField(_("peer-review item"), max_length=255)
    course_key = models.CharField(_("course"), max_length=255, blank=True)
    pool = models.CharField(_("review pool"), max_length=128, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submission_uuid = models.UUIDField(_("edx-submissions id"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=KIND_CHOICES)
    text = models.TextField(_("text (sanitized HTML)"), blank=True)
    wiki = models.CharField(_("wiki"), max_length=64, blank=True)
    revid = models.BigIntegerField(_("revision"), null=True, blank=True)
    page_title = models.CharField(_("page"), max_length=255, blank=True)
    diff_html = models.TextField(_("diff (sanitized HTML)"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    status = models.CharField(_("status"), max_length=8, choices=STATUS_CHOICES, default=ACTIVE)

    load = models.PositiveIntegerField(_("reviews done or leased"), default=0)
    needy = models.BooleanField(_("needs more reviews"), default=True)
    required_reviews = models.PositiveIntegerField(_("reviews needed"))
    required_given = models.PositiveIntegerField(_("reviews to give"))
    fallback = models.CharField(_("fallback rule"), max_length=16)
    grace_ends_at = models.DateTimeField(_("grace period ends"))
    grace_checked_at = models.DateTimeField(_("pool checked after grace period"), null=True, blank=True)
    stall_check_at = models.DateTimeField(_("reviews checked again"))
    stall_checked_at = models.DateTimeField(_("reviews checked again at"), null=True, blank=True)
    stalled = models.BooleanField(_("too few reviews came in time"), default=False)
    needs_staff = models.BooleanField(_("waits for a staff review"), default=False)
    shared = models.BooleanField(_("open to other cohorts"), default=False)
    reviews_other_cohorts = models.BooleanField(_("author reviews other cohorts"), default=False)

    flag_reason = models.TextField(_("flag reason"), blank=True)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_points = models.FloatField(_("points in edx-submissions"), null=True, blank=True)
    announced_points = models.FloatField(_("points told to the runtime"), null=True, blank=True)
    override_points = models.FloatField(_("override points"), null=True, blank=True)
    override_reason = models.TextField(_("override reason"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("peer-review submission")
        constraints = [
            models.UniqueConstraint(fields=["item_id", "author"], name="wikiskills_peer_one_submission"),
        ]
        indexes = [
            # The allocator's walk: neediest first within a pool, oldest first among equals.
            models.Index(
                fields=["item_id", "pool", "status", "needy", "load", "submitted_at"], name="wikiskills_peer_queue"
            ),
            models.Index(
                fields=["item_id", "shared", "status", "needy", "load", "submitted_at"], name="wikiskills_peer_shared"
            ),
            models.Index(fields=["grace_checked_at", "grace_ends_at"], name="wikiskills_peer_grace"),
            models.Index(fields=["stall_checked_at", "stall_check_at"], name="wikiskills_peer_stall"),
            # The staff table's pages, oldest first.
            models.Index(fields=["item_id", "submitted_at"], name="wikiskills_peer_staff_table"),
        ]

    def __str__(self):
        return f"{self.author_id}@{self.item_id}"


def load_change(delta):
    """UPDATE values that move ``load`` by ``delta`` and keep ``needy`` true to it, in one statement.

    ``needy`` comes first: MariaDB evaluates SET assignments left to right with the new values,
    SQLite and PostgreSQL with the old ones, and first in line both see the old ``load``.
    """
    return {
        "needy": ExpressionWrapper(Q(load__lt=F("required_reviews") - delta), output_field=models.BooleanField()),
        "load": F("load") + delta,
    }


def needy_for(required_reviews):
    """UPDATE value of ``needy`` for a new ``required_reviews`` (a fallback lowers it)."""
    return ExpressionWrapper(Q(load__lt=required_reviews), output_field=models.BooleanField())


class PeerReview(models.Model):
    """One person's review of one submission: a lease until done.

    A released lease (expired, or its submission flagged) keeps its row, so the reviewer
    may still send the review they were writing and nothing is lost.
    """

    PEER = "peer"
    SELF = "self"
    STAFF = "staff"
    KIND_CHOICES = [(PEER, _("peer")), (SELF, _("self")), (STAFF, _("staff"))]

    LEASED = "leased"
    DONE = "done"
    RELEASED = "released"
    FLAGGED = "flagged"  # before 0002: a reported review left out of the grade; now it stays done (ADR 0048)
    REMOVED = "removed"
    # A review the recipient flagged still counts for the reviewer who wrote it.
    COUNTED_AS_GIVEN = (DONE, FLAGGED)
    STATE_CHOICES = [
        (LEASED, _("reviewing")),
        (DONE, _("done")),
        (RELEASED, _("lease ended")),
        (FLAGGED, _("flagged")),
        (REMOVED, _("removed by staff")),
    ]

    item_id = models.CharField(_("peer-review item"), max_length=255)
    submission = models.ForeignKey(PeerSubmission, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=KIND_CHOICES, default=PEER)
    state = models.CharField(_("state"), max_length=8, choices=STATE_CHOICES, default=LEASED)
    leased_at = models.DateTimeField(_("leased at"))
    expires_at = models.DateTimeField(_("lease ends"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The item while leased, else NULL: a unique (reviewer, lease_slot) keeps one lease per reviewer and item.
    lease_slot = models.CharField(max_length=255, null=True, blank=True, editable=False)  # noqa: DJ001 (NULLs differ)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    scores = models.JSONField(_("scores"), default=list)
    feedback = models.TextField(_("overall feedback"), blank=True)
    points = models.PositiveIntegerField(_("points"), null=True, blank=True)
    # Set while the author's report waits for staff: the review stays done and keeps counting (ADR 0048).
    flag_reason = models.TextField(_("flag reason"), blank=True)

    class Meta:
        verbose_name = _("peer review")
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="wikiskills_peer_review_once"),
            models.UniqueConstraint(fields=["reviewer", "lease_slot"], name="wikiskills_peer_one_lease"),
        ]
        indexes = [
            models.Index(fields=["item_id", "state", "expires_at"], name="wikiskills_peer_leases"),
            models.Index(fields=["state", "expires_at"], name="wikiskills_peer_lease_sweep"),
            models.Index(fields=["reviewer", "item_id", "state"], name="wikiskills_peer_reviewer"),
        ]

    def __str__(self):
        return f"{self.reviewer_id} -> {self.submission_id}: {self.state}"


# Reviews their recipient reported and staff have not decided on: done ones with a reason (ADR 0048),
# and ones flagged before migration 0002 that staff have not decided on either.
REPORTED_REVIEW = Q(state=PeerReview.FLAGGED) | (Q(state=PeerReview.DONE) & ~Q(flag_reason=""))


class PeerReport(models.Model):
    """A reviewer's report of the work they were given, open until staff decide.

    One report takes nothing out of review; a second open one by a different reviewer does
    (``policy.withdrawn_by_reports``). One row per (submission, reporter): reporting twice counts once.
    """

    item_id = models.CharField(_("peer-review item"), max_length=255)
    submission = models.ForeignKey(PeerSubmission, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("reported at"))
    decided_at = models.DateTimeField(_("staff decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("peer-review report")
        constraints = [
            models.UniqueConstraint(fields=["submission", "reporter"], name="wikiskills_peer_report_once"),
        ]
        indexes = [
            # A reviewer's open reports in an item (the per-reviewer limit).
            models.Index(fields=["reporter", "item_id", "decided_at"], name="wikiskills_peer_reporter"),
            models.Index(fields=["item_id", "decided_at"], name="wikiskills_peer_open_reports"),
        ]

    def __str__(self):
        return f"{self.reporter_id} reported {self.submission_id}"
