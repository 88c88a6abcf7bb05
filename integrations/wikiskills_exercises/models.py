"""A learner's progress on one editing exercise: the row every check, grade and override hangs on."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import UsageKey


class ExerciseAttempt(models.Model):
    """One learner on one exercise block; checks update it in place and never lose a pass.

    ``exercise`` is a copy of the block's settings (an ``ExerciseSpec``) taken when the
    learner asked for a check, so background checks need no course content.
    ``published_score`` is what the runtime was last told and ``recorded_score`` what edx-submissions
    holds (on the submission ``submission_uuid`` names, made when the learner first asked for a check):
    each is set by compare-and-set, so each score goes out once to each.
    """

    STARTED = "started"
    PENDING = "pending"
    NOT_YET = "not_yet"
    PASSED = "passed"
    STATUS_CHOICES = [
        (STARTED, _("started")),
        (PENDING, _("checking")),
        (NOT_YET, _("not yet")),
        (PASSED, _("passed")),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wikiskills_exercise_attempts"
    )
    usage_key = models.CharField(_("exercise"), max_length=255)
    wiki = models.CharField(_("wiki"), max_length=64)
    exercise = models.JSONField(_("exercise settings when checked"), default=dict)
    started_at = models.DateTimeField(_("started at"))
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES, default=STARTED)
    check_requested_at = models.DateTimeField(_("check requested at"), null=True, blank=True)
    checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)
    next_check_at = models.DateTimeField(_("next check at"), null=True, blank=True)
    check_count = models.PositiveIntegerField(_("checks"), default=0)
    results = models.JSONField(_("criteria results"), default=list)
    evidence_revids = models.JSONField(_("evidence revisions"), default=list)
    # Why the last check could not decide ("text_hidden", "too_complex", "account_changed"), or "".
    check_problem = models.CharField(_("check problem"), max_length=32, blank=True, default="")
    published_score = models.FloatField(_("published score"), null=True, blank=True)
    submission_uuid = models.UUIDField(_("edx-submissions submission"), null=True, blank=True)
    recorded_score = models.FloatField(_("score recorded in edx-submissions"), null=True, blank=True)
    override_score = models.FloatField(_("override score"), null=True, blank=True)
    override_reason = models.TextField(_("override reason"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(_("overridden at"), null=True, blank=True)

    class Meta:
        verbose_name = _("exercise attempt")
        constraints = [
            models.UniqueConstraint(fields=["user", "usage_key"], name="wikiskills_attempt_per_user_exercise"),
        ]
        indexes = [models.Index(fields=["status", "wiki"], name="wikiskills_attempt_status_wiki")]

    def __str__(self):
        return f"{self.user_id}@{self.usage_key}: {self.status}"

    @property
    def course_key(self):
        """The course the exercise belongs to; empty outside a course (the workbench's usage ids)."""
        try:
            return str(UsageKey.from_string(self.usage_key).course_key)
        except InvalidKeyError:
            return ""

    @property
    def score(self):
        """The fraction of the weight earned: an override wins, else 1 for a pass; None when nothing earned."""
        if self.override_score is not None:
            return self.override_score
        return 1.0 if self.status == self.PASSED else None
