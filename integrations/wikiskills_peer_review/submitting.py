"""Turning a learner's work into a submission: sanitized text, or a verified wiki revision with its diff.

The work is stored twice in one transaction: in edx-submissions (the platform's record,
which Open edX tools read) and as a ``PeerSubmission`` the allocator walks. A wiki
revision counts only if the learner's verified account made it; its diff is fetched
once, sanitized and kept, so reviewers never wait on the wiki.
"""

import html
import re
import uuid
from urllib.parse import parse_qs, urlsplit

import nh3
from django.conf import settings
from django.db import IntegrityError, transaction
from submissions import api as submissions_api

from wikiskills.integrations.mediawiki.html import sanitize_wiki_html
from wikiskills.integrations.mediawiki.names import normalize_username
from wikiskills.integrations.wikiskills_accounts.linking import linked_account

from .models import PeerSubmission

ITEM_TYPE = "wikiskills_peer_review"
OUTSIDE_COURSE = "no-course"  # edx-submissions needs a course id; the workbench has none
MAX_TEXT_CHARACTERS = 20000
TEXT_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote", "a", "h4", "h5", "code", "pre"}


class SubmissionRefused(Exception):
    """Why the work cannot be submitted; ``code`` and ``params`` let the block word it."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    KIND_NOT_ALLOWED = "kind_not_allowed"
    BAD_REVISION_LINK = "bad_revision_link"
    NO_ACCOUNT = "no_account"
    NO_SUCH_REVISION = "no_such_revision"
    NOT_YOUR_REVISION = "not_your_revision"

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def clean_text(text):
    """Learner text as safe HTML: plain text becomes paragraphs, basic HTML keeps its basic tags."""
    text = str(text or "").strip()
    if not text:
        raise SubmissionRefused(SubmissionRefused.EMPTY)
    if len(text) > MAX_TEXT_CHARACTERS:
        raise SubmissionRefused(SubmissionRefused.TOO_LONG, limit=MAX_TEXT_CHARACTERS)
    if "<" not in text:
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
        return "".join(f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)
    cleaned = nh3.clean(text, tags=TEXT_TAGS, attributes={"a": {"href"}}, link_rel="noopener noreferrer nofollow")
    if not nh3.clean(cleaned, tags=set()).strip():
        raise SubmissionRefused(SubmissionRefused.EMPTY)
    return cleaned


REVISION_IN_PATH = re.compile(r"Special:(?:Diff|PermanentLink|Permalink)/(?:\d+/)?(\d+)$", re.IGNORECASE)


def revision_from_link(link):
    """The revision id in what the learner pasted: a number, a diff or permanent link, or Special:Diff/N."""
    link = str(link or "").strip()
    if link.isdigit():
        return int(link)
    parts = urlsplit(link)
    query = parse_qs(parts.query)
    diff, oldid = query.get("diff", [""])[0], query.get("oldid", [""])[0]
    if diff.isdigit():
        return int(diff)
    if oldid.isdigit() and diff in ("", "prev"):
        return int(oldid)
    match = REVISION_IN_PATH.search(parts.path + ("/" + query["title"][0] if "title" in query else ""))
    if match:
        return int(match.group(1))
    raise SubmissionRefused(SubmissionRefused.BAD_REVISION_LINK)


def verified_revision(user, wiki, link, client):
    """The learner's revision behind ``link`` with its sanitized diff; refused unless their account made it.

    Raises ``WikiUnavailable`` when the wiki does not answer (nothing is stored then).
    """
    revid = revision_from_link(link)
    account = linked_account(user, wiki.family)
    if account is None:
        raise SubmissionRefused(SubmissionRefused.NO_ACCOUNT, wiki=wiki.name)
    revision = client.revisions([revid], content=False).get(revid)
    if revision is None:
        raise SubmissionRefused(SubmissionRefused.NO_SUCH_REVISION, revid=revid)
    if normalize_username(revision.user) != account.username:
        raise SubmissionRefused(SubmissionRefused.NOT_YOUR_REVISION, revid=revid, username=account.username)
    # The body is bare <tr> rows: parsed outside a table they would lose their rows, cells and classes.
    table = sanitize_wiki_html(
        f"<table>{client.diff_html(revid)}</table>",
        wiki.base_url,
        extra_image_hosts=wiki.image_hosts,
        max_characters=settings.WIKISKILLS_WIKI_HTML_MAX_CHARACTERS,
        max_depth=settings.WIKISKILLS_WIKI_HTML_MAX_DEPTH,
    )
    diff = table.removeprefix("<table>").removesuffix("</table>")  # the block's template supplies the table
    return revision, diff


def submit(
    *, item, author, anonymous_id, course_key, pool, policy, now, text=None, wiki=None, revision=None, diff_html=""
):
    """Store the learner's work once; a second submit (a double click) returns the first."""
    kind = PeerSubmission.WIKI if revision is not None else PeerSubmission.TEXT
    answer = (
        {"kind": kind, "wiki": wiki.key, "revid": revision.revid, "title": revision.title}
        if revision is not None
        else {"kind": kind, "text": text}
    )
    student_item = {
        "student_id": anonymous_id,
        "course_id": course_key or OUTSIDE_COURSE,
        "item_id": item,
        "item_type": ITEM_TYPE,
    }
    try:
        with transaction.atomic():
            record = submissions_api.create_submission(student_item, answer, submitted_at=now)
            return PeerSubmission.objects.create(
                item_id=item,
                course_key=course_key,
                pool=pool,
                author=author,
                submission_uuid=uuid.UUID(str(record["uuid"])),
                kind=kind,
                text=text or "",
                wiki=wiki.key if wiki else "",
                revid=revision.revid if revision is not None else None,
                page_title=revision.title if revision is not None else "",
                diff_html=diff_html,
                submitted_at=now,
                required_reviews=policy.must_be_graded_by,
                required_given=policy.must_grade,
                fallback=policy.fallback,
                grace_ends_at=now + policy.grace,
                stall_check_at=now + policy.grace + policy.stall_wait,
            )
    except IntegrityError:
        return PeerSubmission.objects.get(item_id=item, author=author)
