"""What the badges app keeps: issuers and their keys, badge classes, awards and awarding rules.

Awards are never deleted: a revoked award stays, so its hosted assertion can
answer 410 and its status-list bit stays set.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import languages, links
from .images import validate_badge_image


class Issuer(models.Model):
    """An Open Badges issuer profile (OB 2.0 Issuer / OB 3.0 Profile)."""

    slug = models.SlugField(_("short name"), unique=True, help_text=_("Part of the issuer's public URL."))
    name = models.CharField(_("name"), max_length=255)
    url = models.URLField(_("website"))
    email = models.EmailField(_("contact email"))
    description = models.TextField(_("description"), blank=True)
    image_url = models.URLField(_("image URL"), blank=True)

    class Meta:
        verbose_name = _("badge issuer")

    def __str__(self):
        return self.name


class SigningKey(models.Model):
    """One key pair of an issuer; retired keys stay published so old badges keep verifying.

    The private key is stored encrypted (see ``keys.py``), here or, when this field is empty, in a file
    of ``WIKISKILLS_BADGES_KEY_DIR``; it never leaves that module in clear.
    """

    RSA = "rsa"
    ED25519 = "ed25519"
    ALGORITHMS = [(RSA, _("RSA (OB 2.0 signed assertions, VC-JWT)")), (ED25519, _("Ed25519 (Data Integrity proofs)"))]

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="keys", verbose_name=_("issuer"))
    algorithm = models.CharField(_("algorithm"), max_length=16, choices=ALGORITHMS)
    key_id = models.SlugField(_("key id"), max_length=64, unique=True, editable=False)
    public_key_pem = models.TextField(_("public key (PEM)"), editable=False)
    encrypted_private_key = models.BinaryField(editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("signing key")
        ordering = ["issuer", "algorithm", "-created_at"]

    def __str__(self):
        return f"{self.issuer.slug}/{self.key_id}"


class BadgeClass(models.Model):
    """An achievement learners can earn (OB 2.0 BadgeClass / OB 3.0 Achievement)."""

    slug = models.SlugField(_("short name"), unique=True, help_text=_("Part of the badge's public URL."))
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="badge_classes", verbose_name=_("issuer"))
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"))
    image = models.FileField(
        _("image"),
        upload_to="wikiskills_badges/",
        blank=True,
        validators=[FileExtensionValidator(["png", "svg"]), validate_badge_image],
        help_text=_("A square PNG or SVG image; learners download it with their badge baked in."),
    )
    image_url = models.URLField(_("image URL"), blank=True, help_text=_("Where the image is, if it is not uploaded."))
    criteria_narrative = models.TextField(_("criteria"), help_text=_("What a learner did to earn it."))
    criteria_url = models.URLField(_("criteria URL"), blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=16, default="en", help_text=_("A BCP 47 code, e.g. en, fr."))
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_(
            "The name, description and criteria in other languages, by BCP 47 code, e.g. "
            '{"fr": {"name": "…", "description": "…", "criteria": "…"}}. '
            "Learners get their language's text where there is one, else the text above."
        ),
    )
    skill_area = models.ForeignKey(
        "wikiskills_skills.Skill",
        to_field="code",
        db_column="skill_area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skill"),
        help_text=_("The skill of the WikiSkills taxonomy this badge shows; it raises that skill in profiles."),
    )

    class Meta:
        verbose_name = _("badge class")
        verbose_name_plural = _("badge classes")

    def __str__(self):
        return self.name

    @property
    def public_image_url(self):
        """The image's address in badge documents and pages."""
        return links.badge_image_url(self)

    def clean(self):
        if not self.image and not self.image_url:
            raise ValidationError(_("Upload an image or give its URL."))
        try:
            languages.validate_translations(self.translations, self.language)
        except ValidationError as problems:
            raise ValidationError({"translations": problems.messages}) from problems


class Award(models.Model):
    """A badge class awarded to one learner; at most one per badge class and learner (database-enforced).

    ``language`` is the edition of the badge class the award was issued in (see ``languages.py``); its documents
    keep that language when translations change.
    The recipient is published only as a salted SHA-256 hash of their (lowercased) email.
    ``status_list_index`` is the award's bit in the status list of ``status_list`` (its issuer when
    awarded): drawn at random from the list's free bits, unique per list (database-enforced).
    Awards made before random indexes keep their ``id`` as index.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(BadgeClass, on_delete=models.PROTECT, related_name="awards")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wikiskills_awards")
    recipient_type = models.CharField(max_length=8, editable=False)
    recipient_identity_hash = models.CharField(max_length=80, editable=False)
    recipient_salt = models.CharField(max_length=64, editable=False)
    issued_on = models.DateTimeField(_("issued on"))
    expires_on = models.DateTimeField(_("expires on"), null=True, blank=True)
    course_key = models.CharField(_("course"), max_length=255, blank=True)
    language = models.CharField(
        _("issued in"),
        max_length=languages.LANGUAGE_TAG_MAX_LENGTH,
        blank=True,
        editable=False,
        help_text=_("The language (BCP 47) of the badge's edition this award was issued in; empty: the original."),
    )
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("revocation reason"), blank=True)
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_list = models.ForeignKey(
        Issuer, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )
    status_list_index = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("badge award")
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "recipient"], name="wikiskills_badges_one_award_per_learner"
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_list_index"], name="wikiskills_badges_one_award_per_status_bit"
            ),
        ]

    def __str__(self):
        return f"{self.badge_class} -> {self.recipient}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None


class AwardRule(models.Model):
    """When a badge class is awarded, set up by an admin or course team without code."""

    COURSE_PASSED = "course_passed"
    EXERCISE_PASSED = "exercise_passed"
    PEER_REVIEWS_GIVEN = "peer_reviews_given"
    TRACK_STAGE_COMPLETED = "track_stage_completed"
    TRACK_COMPLETED = "track_completed"
    TRIGGERS = [
        (COURSE_PASSED, _("Course passed")),
        (EXERCISE_PASSED, _("Editing exercise passed")),
        (PEER_REVIEWS_GIVEN, _("Peer reviews given")),
        (TRACK_STAGE_COMPLETED, _("Cohort track stage completed")),
        (TRACK_COMPLETED, _("Cohort track finished (graduation)")),
    ]

    badge_class = models.ForeignKey(BadgeClass, on_delete=models.CASCADE, related_name="rules")
    trigger = models.CharField(_("trigger"), max_length=32, choices=TRIGGERS)
    course_key = models.CharField(
        _("course, track or stage"),
        max_length=255,
        help_text=_(
            "e.g. course-v1:Wikimedia+Edit101+2026; for tracks the key their admin page shows, "
            "e.g. track-v1:organizers or track-v1:organizers+stage@1"
        ),
    )
    threshold = models.PositiveIntegerField(_("how many"), default=1, help_text=_("For peer reviews: how many."))
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("awarding rule")
        indexes = [models.Index(fields=["trigger", "course_key"], name="wikiskills_badges_rule_lookup")]

    def __str__(self):
        return f"{self.get_trigger_display()} {self.course_key} -> {self.badge_class}"


class ExternalAward(models.Model):
    """An award copied to an outward badge platform (Badgr / Canvas Credentials, Credly), by its id there."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="external_copies")
    backend = models.CharField(_("platform"), max_length=32)
    external_id = models.CharField(_("id on the platform"), max_length=255)
    pushed_at = models.DateTimeField(_("copied at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked there at"), null=True, blank=True)

    class Meta:
        verbose_name = _("award on an outward platform")
        constraints = [
            models.UniqueConstraint(fields=["award", "backend"], name="wikiskills_badges_one_copy_per_platform")
        ]

    def __str__(self):
        return f"{self.backend}:{self.external_id}"
