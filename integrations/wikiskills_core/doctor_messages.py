"""The words for each health-check problem code: what was found, and what to do about it.

``doctor.py`` returns codes and details only; the command and the staff page turn them into
words here, in the reader's language. Each entry is ``(summary, what to do)``; both are
``%``-formatted with the finding's details. Codes are stable: monitoring may match on them.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

MESSAGES = {
    # Wikis
    "no_wikis": (
        _("no wikis are configured"),
        _("Add the wikis learners edit to WIKISKILLS_WIKIS (see docs/configuration.md)."),
    ),
    "wiki_ok": (_("answers in %(seconds).2f s as %(sitename)s (%(server)s)"), ""),
    "wiki_slow": (
        _("answers, but took %(seconds).2f s of the %(timeout)s s allowed"),
        _("Check the network path from this server to %(api_url)s; checks will time out if it gets slower."),
    ),
    "wiki_misconfigured": (
        _("the setting is wrong: %(error)s"),
        _("Fix this entry of WIKISKILLS_WIKIS; `manage.py check` explains what is expected."),
    ),
    "wiki_unreachable": (
        _("does not answer at %(api_url)s: %(error)s"),
        _("Check that the wiki is up and reachable from this server (DNS, firewall, proxy), and the api_url."),
    ),
    "wiki_bad_answer": (
        _("answered, but not as a MediaWiki API: %(error)s"),
        _("Check that api_url names the wiki's api.php (for example https://en.wikipedia.org/w/api.php)."),
    ),
    "wiki_unexpected_identity": (
        _("answers as %(sitename)s on host %(server_host)s, not the host of %(api_url)s"),
        _("Check that api_url points at the wiki you mean, not a mirror or another wiki behind a proxy."),
    ),
    # Bot credentials
    "bot_not_configured": (_("no bot credentials configured (not needed)"), ""),
    "bot_ok": (_("logs in as %(username)s"), ""),
    "bot_incomplete": (
        _("only one of bot_user and bot_password is set"),
        _("Set both bot_user and bot_password in this WIKISKILLS_WIKIS entry, or neither."),
    ),
    "bot_login_failed": (
        _("the bot password login was refused: %(error)s"),
        _("Create a new bot password on the wiki (Special:BotPasswords) and update bot_user and bot_password."),
    ),
    "bot_unchecked": (
        _("could not be checked: %(error)s"),
        _("Fix the wiki's reachability first; then run the health check again."),
    ),
    # User-Agent
    "user_agent_ok": (_("contact is %(contact)s"), ""),
    "user_agent_default_contact": (
        _("no contact set; the LMS address %(contact)s is used instead"),
        _(
            "Set WIKISKILLS_USER_AGENT_CONTACT to an email address or page where Wikimedia can reach the "
            "operator; wikis may block clients they cannot contact."
        ),
    ),
    "user_agent_no_contact": (
        _("no contact: neither WIKISKILLS_USER_AGENT_CONTACT nor the LMS root URL is set"),
        _("Set WIKISKILLS_USER_AGENT_CONTACT to an email address or page where Wikimedia can reach the operator."),
    ),
    # Celery
    "celery_eager": (_("tasks run in-process (no broker configured)"), ""),
    "celery_broker_ok": (_("the broker %(broker)s answers in %(seconds).2f s"), ""),
    "celery_broker_down": (
        _("the broker %(broker)s does not answer: %(error)s"),
        _(
            "Start the broker (Redis or RabbitMQ) or fix CELERY_BROKER_URL; until then no background "
            "work (edit checks, badges, peer-review sweeps) runs."
        ),
    ),
    "beat_ok": (_("%(count)s periodic tasks scheduled"), ""),
    "beat_missing": (
        _("periodic tasks missing from CELERY_BEAT_SCHEDULE: %(missing)s"),
        _(
            "Load each WikiSkills app's plugin settings (they add these entries), or add them to "
            "CELERY_BEAT_SCHEDULE yourself; and make sure celery beat runs."
        ),
    ),
    # Stuck work
    "no_pending_checks": (_("no edit check is waiting"), ""),
    "pending_checks_ok": (_("%(count)s waiting; the oldest since %(minutes)s min"), ""),
    "pending_checks_stuck": (
        _("%(count)s waiting; the oldest since %(minutes)s min (limit %(limit)s min)"),
        _(
            "Check that the Celery workers and celery beat run and can reach the wikis; the worker "
            "log says why checks do not finish."
        ),
    ),
    "no_expired_leases": (_("no expired lease is waiting to be released"), ""),
    "expired_leases_stuck": (
        _("%(count)s leases expired but not released; the oldest ended %(minutes)s min ago (limit %(limit)s min)"),
        _("Check that celery beat and the Celery workers run: the peer-review sweep releases expired leases."),
    ),
    # Badges
    "no_issuers": (_("no badge issuer yet"), ""),
    "issuer_keys_ok": (_("current keys decrypt and %(documents)s public documents are served"), ""),
    "issuer_key_missing": (
        _("has no current %(algorithm)s key"),
        _("Run `manage.py wikiskills_badge_keys` to create the missing keys."),
    ),
    "issuer_key_undecryptable": (
        _("key %(key_id)s does not decrypt with the configured secret"),
        _(
            "Restore the WIKISKILLS_BADGES_KEY_SECRET the keys were made with (or SECRET_KEY when it was "
            "empty); only if it is lost, rotate the issuer's keys (old badges' signatures then stop verifying)."
        ),
    ),
    "issuer_key_file_missing": (
        _("the file of key %(key_id)s is missing from WIKISKILLS_BADGES_KEY_DIR"),
        _("Restore the key directory from backup, or rotate the issuer's keys."),
    ),
    "issuer_key_mismatch": (
        _("key %(key_id)s decrypts to a key that does not match its published public key"),
        _("Rotate the issuer's keys with `manage.py wikiskills_badge_keys`; the stored key was altered."),
    ),
    "issuer_document_failed": (
        _("the public document %(path)s is not served: %(error)s"),
        _("Check that the badges app's URLs are installed in the LMS and that the view works (see the LMS log)."),
    ),
    "badge_base_url_ok": (_("badges are issued under %(base_url)s"), ""),
    "badge_base_url_insecure": (
        _("badges are issued under %(base_url)s, which is not https"),
        _(
            "Set WIKISKILLS_BADGES_BASE_URL (or LMS_ROOT_URL) to the https address of the LMS: "
            "verifiers reject badges whose documents are not on https."
        ),
    ),
    # Database and translations
    "migrations_ok": (_("all applied"), ""),
    "migrations_unapplied": (
        _("%(count)s not applied: %(migrations)s"),
        _("Run `manage.py lms migrate` (Tutor: `tutor local do init`)."),
    ),
    "no_catalogs": (_("no translations shipped yet"), ""),
    "catalogs_ok": (_("%(count)s catalogs compiled"), ""),
    "catalogs_not_compiled": (
        _("not compiled: %(catalogs)s"),
        _("Run `django-admin compilemessages` in the package (the release build does it for you)."),
    ),
    "catalogs_stale": (
        _("compiled catalogs older than their sources: %(catalogs)s"),
        _("Run `django-admin compilemessages` in the package again."),
    ),
    "check_crashed": (
        _("the check itself failed: %(error)s"),
        _(
            "If migrations are not applied (see that row), apply them and check again; otherwise this is a "
            "bug in the health check or an unexpected setup, and the log has the traceback."
        ),
    ),
}


def describe(finding):
    """``(summary, what to do)`` of a finding in the active language; what to do is "" when nothing is."""
    summary, action = MESSAGES.get(finding.code, ("%(code)s", ""))
    details = {"code": finding.code, **finding.details}
    try:
        summary_text = gettext(summary) % details
        action_text = gettext(action) % details if action else ""
    except (KeyError, TypeError, ValueError):
        return f"{finding.code}: {finding.details}", gettext(action) if action else ""
    return summary_text, action_text
