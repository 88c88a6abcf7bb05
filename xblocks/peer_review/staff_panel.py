"""The staff side of the peer-review block: the table of submissions, staff actions and the CSV.

A mixin, so the learner-facing block stays readable; it uses the block's rendering, rubric and
wording helpers, and the app's API for everything it reads or changes. Every handler refuses
anyone but course staff.
"""

from django.utils import timezone
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from wikiskills.integrations.wikiskills_peer_review import api
from wikiskills.integrations.wikiskills_peer_review.api import RubricProblem

from ..common import BAD_REQUEST, _, json_handler
from . import messages


class PeerReviewStaffMixin:
    """Staff table and actions; answers ``{"staff_html", "staff_notice", "refused"}``: the table re-rendered
    where staff were, and what their action did (or why it was refused) for the panel's live region."""

    def _staff_row(self, row, zone):
        """One row in words: review kinds and states, the grade's source; times in ``zone``."""
        submission = row.submission
        return {
            "row": row,
            "submitted": f"{submission.submitted_at.astimezone(zone):{api.DATE_FORMAT}}",
            "waiting": self._gettext(messages.WAITING_ON[row.waiting_on]),
            "source": self._gettext(messages.GRADE_SOURCE[row.source]) if row.source else "",
            "reviews": [
                {
                    "review": review,
                    "kind": self._gettext(messages.REVIEW_KIND[review.kind]),
                    "state": self._gettext(messages.REVIEW_STATE[review.state]),
                }
                for review in row.reviews
            ],
            "work": api.work_data(submission),
        }

    def _staff_html(self, data=None):
        """The staff table at the position ``data`` asks for, so an action leaves staff where they were."""
        data = data or {}
        show, number = api.table_position(data.get("show"), data.get("page", 0))
        rubric = self.parsed_rubric()
        table = api.staff_page(self._item(), rubric, show, number)
        zone = self._viewer_time_zone()
        rows = [self._staff_row(row, zone) for row in table.rows]
        return self._render(
            "templates/staff_panel.html",
            {
                "rows": rows,
                "time_zone": zone.key,
                "rubric": rubric.as_json(),
                "ids": self._ids(),
                "max_points": rubric.max_points,
                "csv_url": self.runtime.handler_url(self, "export_csv"),
                "staff_form": self._rubric_form(rubric.as_json(), "staff_review", _("Send staff review")),
                "show": show,
                "shows": {"all": api.SHOW_ALL, "needs_staff": api.SHOW_NEEDS_STAFF},
                "page": number,
                "previous_page": table.previous_page,
                "next_page": table.next_page,
                "first": table.first,
                "last": table.first + len(rows) - 1,
            },
        )

    def _staff_answer(self, data, message=None, refused=False):
        """The staff table where staff were, and ``message`` (an ``api.Message`` or a problem) in words:
        what the action did, or (``refused``) why it was not done."""
        notice = self._say(message) if message else ""
        return {"staff_html": self._staff_html(data), "staff_notice": notice, "refused": refused}

    @json_handler
    def staff_table(self, data, suffix=""):
        """Another page of the staff table, or only the work that needs staff."""
        self._require_staff()
        return self._staff_answer(data)

    def _staff_submission(self, data):
        submission = api.item_submission(self._item(), self._whole_number(data, "submission_id"))
        if submission is None:
            raise self._gone()
        return submission

    @json_handler
    def staff_assign(self, data, suffix=""):
        """Hand a submission to a named learner who has submitted here, as their next review."""
        staff_user = self._require_staff()
        username = str(data.get("username", "")).strip()
        reviewer = api.submitted_learner(self._item(), username)
        if reviewer is None:
            return self._staff_answer(data, api.Message(api.NO_SUCH_LEARNER, {"username": username}), refused=True)
        submission = self._staff_submission(data)
        outcome = api.assign_reviewer(self._item(), submission, reviewer, staff_user, timezone.now())
        return self._staff_answer(data, outcome, refused=outcome.code != api.STAFF_ASSIGNED)

    @json_handler
    def staff_review(self, data, suffix=""):
        """Review as staff: the staff review's points become the grade (an override still wins)."""
        staff_user = self._require_staff()
        try:
            scores, feedback = self._scores_from(data)
        except RubricProblem as problem:
            return self._staff_answer(data, problem, refused=True)
        submission = self._staff_submission(data)
        now = timezone.now()
        return self._staff_answer(
            data, api.staff_review(self._item(), submission, staff_user, scores=scores, feedback=feedback, now=now)
        )

    @json_handler
    def staff_override(self, data, suffix=""):
        """Set the grade in whole points, as edx-submissions keeps them, with a reason."""
        staff_user = self._require_staff()
        reason = str(data.get("reason", "")).strip()
        try:
            points = float(data.get("points"))
        except (TypeError, ValueError):
            points = -1.0
        refusal = api.override_refused(self.parsed_rubric().max_points, points, reason)
        if refusal:
            return self._staff_answer(data, refusal, refused=True)
        return self._staff_answer(
            data, api.override(self._item(), self._staff_submission(data), points, reason, staff_user)
        )

    @json_handler
    def staff_moderate(self, data, suffix=""):
        """Keep reported work in review (dismissing its reports) or remove it; keep or remove a reported review."""
        self._require_staff()
        action = data.get("action")
        if action in api.SUBMISSION_ACTIONS:
            return self._staff_answer(
                data, api.moderate_submission(self._staff_submission(data), action, timezone.now())
            )
        if action in api.REVIEW_ACTIONS:
            review = api.item_review(self._item(), self._whole_number(data, "review_id"))
            if review is None:
                raise self._gone()
            return self._staff_answer(data, api.moderate_review(review, action))
        raise JsonHandlerError(400, self._gettext(BAD_REQUEST))

    @XBlock.handler
    def export_csv(self, request, suffix=""):
        """Every submission's standing as a CSV download, for staff only."""
        return self._csv_download(lambda: api.staff_csv(self._item()), "peer-review.csv")
