"""Verified links between Open edX users and wiki accounts, and open verification challenges."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wikiskills.integrations.wikiskills_core.fields import WikiNameField


class WikiAccount(models.Model):
    """A learner's verified account in one wiki family (wikis sharing accounts, like Wikimedia's SUL).

    One account per learner and family, and one learner per account: nobody can be
    graded on edits made by an account someone else verified.
    """

    WIKIMEDIA_LOGIN = "wikimedia_login"
    VERIFICATION_EDIT = "verification_edit"
    VERIFIED_BY_CHOICES = [
        (WIKIMEDIA_LOGIN, _("Log in with Wikimedia")),
        (VERIFICATION_EDIT, _("verification edit")),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wikiskills_wiki_accounts"
    )
    family = models.CharField(_("wiki family"), max_length=64)
    username = WikiNameField(_("wiki username"))
    central_id = models.CharField(_("central account id"), max_length=64, blank=True)
    verified_by = models.CharField(_("verified by"), max_length=32, choices=VERIFIED_BY_CHOICES)
    verified_at = models.DateTimeField(_("verified at"))
    evidence_revid = models.PositiveBigIntegerField(_("verification edit"), null=True, blank=True)

    class Meta:
        verbose_name = _("wiki account")
        constraints = [
            models.UniqueConstraint(fields=["family", "username"], name="wikiskills_account_per_family_username"),
            models.UniqueConstraint(fields=["user", "family"], name="wikiskills_account_per_user_family"),
        ]

    def __str__(self):
        return f"{self.family}:{self.username}"


class VerificationChallenge(models.Model):
    """A one-time code the learner must save on ``page_title`` with ``username`` before ``expires_at``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wikiskills_verification_challenges"
    )
    family = models.CharField(_("wiki family"), max_length=64)
    wiki = models.CharField(_("wiki"), max_length=64)
    username = WikiNameField(_("wiki username"))
    central_id = models.CharField(_("central account id"), max_length=64, blank=True)
    page_title = WikiNameField(_("page to edit"))
    code = models.CharField(_("one-time code"), max_length=64)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("verification challenge")
        constraints = [
            models.UniqueConstraint(fields=["user", "family"], name="wikiskills_challenge_per_user_family"),
        ]

    def __str__(self):
        return f"{self.family}:{self.username} until {self.expires_at:%Y-%m-%d %H:%M}"


class WikiUserId(models.Model):
    """The id a linked account has on one wiki: edits are matched on it, never on the account's name.

    A renamed account keeps its id, and whoever later registers the freed old name
    gets a new one; so an id, once verified, follows the person. Wikis of one family
    share accounts but number them each their own way, hence one row per wiki.
    """

    account = models.ForeignKey(WikiAccount, on_delete=models.CASCADE, related_name="wiki_user_ids")
    wiki = models.CharField(_("wiki"), max_length=64)
    user_id = models.PositiveBigIntegerField(_("user id on the wiki"))

    class Meta:
        verbose_name = _("wiki user id")
        constraints = [
            models.UniqueConstraint(fields=["account", "wiki"], name="wikiskills_user_id_per_account_wiki"),
            models.UniqueConstraint(fields=["wiki", "user_id"], name="wikiskills_account_per_wiki_user_id"),
        ]

    def __str__(self):
        return f"{self.wiki}#{self.user_id}"
