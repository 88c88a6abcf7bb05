"""From a learner's candidate edits to the ``EditFacts`` the criteria judge: only what the learner added.

Revisions (each edit and its parent) are read 50 per request. What an edit
"added" excludes what it did not write: a revert restores other people's work
and a redirect is what a move leaves behind, so both add nothing. Edits saved
one after another by the learner form a *run*: when several edits count
together, a run is measured from the revision before it to its last revision
(adding, removing and re-adding a reference counts once), and "still stands"
compares with the revision before the run, so rolling back several edits at
once is seen whether or not the wiki's tagging job has run yet.

A revision whose text (or whose parent's text) is hidden by revision deletion
is never read as an empty page: the edit cannot be verified, and says so.
"""

import hashlib
from dataclasses import dataclass, field

from wikiskills.integrations.mediawiki.wikitext import EditDelta

from .criteria import EditFacts, Standing, needs_revert_check

REVERT_TAGS = frozenset({"mw-undo", "mw-rollback", "mw-manual-revert"})
ROLLBACK_TAG = "mw-rollback"
REDIRECT_TAG = "mw-new-redirect"
REVERTED_TAG = "mw-reverted"
EMPTY_TEXT_SHA1 = hashlib.sha1(b"").hexdigest()  # noqa: S324  (MediaWiki's content hash, not security)
NO_EDIT = EditDelta()

TEXT_HIDDEN = "text_hidden"
TOO_COMPLEX = "too_complex"


@dataclass
class LearnerEdits:
    """What one attempt's edits became: ``units`` to judge, and a ``problem`` code if some could not be read."""

    units: list = field(default_factory=list)
    problem: str = ""


@dataclass
class _Edit:
    """One candidate edit with its revision and its parent's (None for a page creation).

    ``restores_own`` marks a revert to a version the learner saved earlier in the
    same run (re-adding what they had removed): that restores no one else's work.
    """

    contribution: object
    revision: object
    parent: object
    restores_own: bool = False

    @property
    def revid(self):
        return self.revision.revid

    @property
    def hidden(self):
        """Its text or its parent's is hidden (or the parent is gone): it cannot be measured."""
        if self.revision.text_hidden or self.revision.content is None:
            return True
        if self.contribution.parentid == 0:
            return False
        return self.parent is None or self.parent.text_hidden or self.parent.content is None

    @property
    def is_revert(self):
        """A revert of someone else's edits: it brings back their work, not the learner's."""
        return bool(REVERT_TAGS & set(self.revision.tags)) and not self.restores_own

    def is_redirect(self, site):
        return REDIRECT_TAG in self.revision.tags or site.is_redirect(self.revision.content or "")


class EditReader:
    """Turns candidate contributions into ``LearnerEdits`` for one batch, sharing revisions and page histories."""

    def __init__(self, client, site, analyzer):
        self.client = client
        self.site = site
        self.analyzer = analyzer
        self._histories = {}

    def read(self, candidates, specs, user_ids):
        """{attempt pk: ``LearnerEdits``}; ``candidates`` are each attempt's contributions, ``user_ids`` its account."""
        contributions = {c.revid: c for edits in candidates.values() for c in edits}
        wanted = [*contributions, *(c.parentid for c in contributions.values() if c.parentid)]
        revisions = self.client.revisions(wanted)
        read = {}
        for pk, edits in candidates.items():
            mine = [
                _Edit(c, revisions[c.revid], revisions.get(c.parentid))
                for c in sorted(edits, key=lambda c: c.revid)
                if c.revid in revisions and revisions[c.revid].user_id == user_ids[pk]
            ]
            read[pk] = self._learner_edits(mine, specs[pk])
        return read

    def _learner_edits(self, edits, spec):
        result = LearnerEdits()
        if any(edit.hidden for edit in edits):
            result.problem = TEXT_HIDDEN
        runs = _runs([edit for edit in edits if not edit.hidden])
        check_standing = needs_revert_check(spec.criteria)
        for run in runs:
            for unit in _units(run, combine=spec.combine_edits, site=self.site):
                facts = self._facts(unit, run if check_standing else None)
                if facts is None:
                    result.problem = result.problem or TOO_COMPLEX
                else:
                    result.units.append(facts)
        result.units.sort(key=lambda facts: facts.revid)
        return result

    def _facts(self, unit, run):
        """``EditFacts`` of consecutive edits counted as one; None when the analysis ran over its time."""
        first, last = unit[0], unit[-1]
        delta = self._delta(unit)
        if delta is None:
            return None
        own = [self._own_summary(edit) for edit in unit]
        return EditFacts(
            revid=last.revid,
            parentid=first.contribution.parentid,
            title=last.revision.title,
            namespace=last.revision.namespace,
            user=last.revision.user,
            timestamp=last.revision.timestamp,
            summary="\n".join(summary for summary in own if summary),
            minor=all(edit.revision.minor for edit in unit),
            tags=tuple(sorted({tag for edit in unit for tag in edit.revision.tags})),
            delta=delta,
            revids=tuple(edit.revid for edit in unit),
            is_revert=any(edit.is_revert for edit in unit),
            standing=self._standing(unit, run) if run else Standing(),
        )

    def _delta(self, unit):
        """What the unit added: nothing for a revert or a redirect, else the analysis (None: over its time)."""
        if len(unit) == 1 and (unit[0].is_revert or unit[0].is_redirect(self.site)):
            return NO_EDIT
        before = unit[0].parent.content if unit[0].parent else ""
        return self.analyzer.analyze(before, unit[-1].revision.content, vocabulary=self.site.vocabulary())

    def _own_summary(self, edit):
        if ROLLBACK_TAG in edit.revision.tags or edit.revision.comment_hidden:
            return ""
        return self.site.summaries.own_summary(edit.revision.comment)

    def _standing(self, unit, run):
        """Undone and restored when, judged against the revision before the whole run (see the module)."""
        last = run[-1]
        if last.contribution.top:
            return Standing()
        before = run[0].parent.sha1 if run[0].parent else EMPTY_TEXT_SHA1
        later = self._later(last.contribution.page_id, last.revid)
        reverted_at = restored_at = None
        for revision in later:
            if revision.sha1 == before and (reverted_at is None or restored_at is not None):
                reverted_at, restored_at = revision.timestamp, None
            elif revision.sha1 == last.revision.sha1 and reverted_at is not None and restored_at is None:
                restored_at = revision.timestamp
        if reverted_at is None and any(REVERTED_TAG in edit.contribution.tags for edit in unit):
            reverted_at = next((r.timestamp for r in later if REVERT_TAGS & set(r.tags)), last.revision.timestamp)
        return Standing(reverted_at, restored_at)

    def _later(self, page_id, revid):
        if (page_id, revid) not in self._histories:
            self._histories[page_id, revid] = list(self.client.later_revisions(page_id, revid))
        return self._histories[page_id, revid]


def _runs(edits):
    """The edits (oldest first) split into runs: on one page, each edit's parent the learner's previous edit."""
    runs = []
    last_of_page = {}
    for edit in edits:
        page = edit.contribution.page_id
        run = last_of_page.get(page)
        if run is not None and run[-1].revid == edit.contribution.parentid:
            edit.restores_own = any(earlier.revision.sha1 == edit.revision.sha1 for earlier in run)
            run.append(edit)
        else:
            run = [edit]
            runs.append(run)
        last_of_page[page] = run
    return runs


def _units(run, *, combine, site):
    """What is judged as one edit: each edit alone, or (``combine``) each stretch of ordinary edits in a run.

    Reverts and redirects always stand alone, so a run is never measured across them.
    """
    if not combine:
        return [[edit] for edit in run]
    units, stretch = [], []
    for edit in run:
        if edit.is_revert or edit.is_redirect(site):
            if stretch:
                units.append(stretch)
            units.append([edit])
            stretch = []
        else:
            stretch.append(edit)
    if stretch:
        units.append(stretch)
    return units
