"""The staff side of the editing exercise: every learner's status in words, overrides, re-checks and the CSV.

A mixin, so the learner-facing block stays readable; it uses the block's rendering and wording helpers and the
app's API for everything it reads or changes. Every handler refuses anyone but course staff.
"""

from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from wikiskills.integrations.wikiskills_exercises import api

from ..common import json_handler
from . import messages


class EditExerciseStaffMixin:
    """Staff table and actions; they answer ``{"staff_html", "confirmation"}``: the table re-rendered, and what
    the action did, for the panel's live region (focused by the script)."""

    def _staff_rows(self):
        return api.staff_rows(self.usage_key, self.wiki)

    def _staff_status(self, row):
        words = self._gettext(messages.STAFF_STATUS.get(row.status, row.status))
        problem = messages.STAFF_PROBLEMS.get(row.check_problem)
        return f"{words}. {self._gettext(problem)}" if problem else words

    def _staff_html(self):
        wiki = api.wikis.get_wiki(self.wiki)
        zone = self._viewer_time_zone()
        rows = [
            {
                "row": row,
                "status": self._staff_status(row),
                "checked_at": {
                    "iso": row.checked_at.isoformat(),
                    "text": f"{row.checked_at.astimezone(zone):%Y-%m-%d %H:%M} {zone.key}",
                }
                if row.checked_at
                else None,
                "evidence": [(revid, wiki.revision_url(revid)) for revid in row.evidence_revids],
            }
            for row in self._staff_rows()
        ]
        csv_url = self.runtime.handler_url(self, "export_csv")
        return self._render("templates/staff_panel.html", {"rows": rows, "csv_url": csv_url, "ids": self._ids()})

    def _staff_answer(self, confirmation):
        return {"staff_html": self._staff_html(), "confirmation": confirmation}

    def _learner_name(self, attempt_id):
        row = next((row for row in self._staff_rows() if row.attempt_id == attempt_id), None)
        if row is None:
            raise self._gone()
        return row.learner

    @json_handler
    def staff_override(self, data, suffix=""):
        """Set one learner's score by hand, with a reason."""
        staff_user = self._require_staff()
        attempt_id = self._whole_number(data, "attempt_id")
        reason = str(data.get("reason", ""))
        try:
            score = float(data["score"])
            api.override_score(self.usage_key, attempt_id, score, reason=reason, staff_user=staff_user)
        except (KeyError, TypeError, ValueError):
            raise JsonHandlerError(400, self._gettext(messages.OVERRIDE_NEEDS_REASON)) from None
        except api.NoSuchAttempt:
            raise self._gone() from None
        confirmation = self._gettext(messages.OVERRIDE_DONE).format(
            learner=self._learner_name(attempt_id), score=f"{score:g}", reason=reason.strip()
        )
        return self._staff_answer(confirmation)

    @json_handler
    def staff_recheck(self, data, suffix=""):
        """Check one learner (``attempt_id``) or every learner again."""
        self._require_staff()
        one = self._whole_number(data, "attempt_id") if data.get("attempt_id") else None
        learner = self._learner_name(one) if one else ""
        chosen = [one] if one else [row.attempt_id for row in self._staff_rows()]  # learners only, never staff
        attempt_ids = api.recheck(self.usage_key, self.exercise_spec(), chosen)
        if not attempt_ids:
            confirmation = self._gettext(messages.RECHECK_NONE)
        elif one:
            confirmation = self._gettext(messages.RECHECK_ONE).format(learner=learner)
        else:
            singular, plural = messages.RECHECK_MANY
            confirmation = self._ngettext(singular, plural, len(attempt_ids)).format(count=len(attempt_ids))
        return self._staff_answer(confirmation)

    @XBlock.handler
    def export_csv(self, request, suffix=""):
        """Every learner's status as a CSV download (times in UTC), for staff only."""
        return self._csv_download(lambda: api.csv_text(self._staff_rows(), self.wiki), "edit-exercise.csv")
