"""The staff side of the peer-review block: the table of submissions, staff actions and the CSV.

A mixin, so the learner-facing block stays readable; it uses the block's rendering, rubric and
wording helpers. Every handler refuses anyone but course staff.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone
from webob import Response
from xblock.core import XBlock

from wikiskills.integrations.wikiskills_peer_review import allocation, moderation, publishing, staff
from wikiskills.integrations.wikiskills_peer_review.models import PeerReview, PeerSubmission
from wikiskills.integrations.wikiskills_peer_review.rubric import RubricProblem

from ..common import _, json_handler
from . import messages


class PeerReviewStaffMixin:
    """Staff table and actions; answers ``{"staff_html": ...}`` re-rendered where staff were."""

    @staticmethod
    def _table_position(data):
        """Which rows of the staff table to show: ``(show, page)`` from a request, or the first page of all."""
        show = data.get("show") if data.get("show") in staff.SHOWS else staff.SHOW_ALL
        try:
            number = max(int(data.get("page", 0)), 0)
        except (TypeError, ValueError):
            number = 0
        return show, number

    def _staff_html(self, notice="", data=None):
        """The staff table at the position ``data`` asks for, so an action leaves staff where they were."""
        show, number = self._table_position(data or {})
        submissions, more = staff.page(self.item_id, show, number)
        rubric = self.parsed_rubric()
        rows = [
            {
                "row": row,
                "waiting": self._gettext(messages.WAITING_ON[row.waiting_on]),
                "work": self._work_json(row.submission),
            }
            for row in staff.rows(self.item_id, rubric, submissions)
        ]
        first = number * staff.PAGE_SIZE + 1
        return self._render(
            "templates/staff_panel.html",
            {
                "rows": rows,
                "rubric": rubric.as_json(),
                "notice": notice,
                "ids": self._ids(),
                "max_points": rubric.max_points,
                "csv_url": self.runtime.handler_url(self, "export_csv"),
                "staff_form": self._rubric_form(rubric.as_json(), "staff_review", _("Send staff review")),
                "show": show,
                "shows": {"all": staff.SHOW_ALL, "needs_staff": staff.SHOW_NEEDS_STAFF},
                "page": number,
                "previous_page": number - 1 if number else None,
                "next_page": number + 1 if more else None,
                "first": first,
                "last": first + len(rows) - 1,
            },
        )

    @json_handler
    def staff_table(self, data, suffix=""):
        """Another page of the staff table, or only the work that needs staff."""
        self._require_staff()
        return {"staff_html": self._staff_html(data=data)}

    def _staff_submission(self, data):
        submission_id = self._whole_number(data, "submission_id")
        submission = PeerSubmission.objects.filter(item_id=self.item_id, pk=submission_id).first()
        if submission is None:
            raise self._gone()
        return submission

    @json_handler
    def staff_assign(self, data, suffix=""):
        """Hand a submission to a named learner who has submitted here, as their next review."""
        staff_user = self._require_staff()
        username = str(data.get("username", "")).strip()
        reviewer = get_user_model().objects.filter(username=username).first()
        if reviewer is None or allocation.own_submission(self.item_id, reviewer) is None:
            return {"staff_html": self._staff_html(self._word(messages.NO_SUCH_LEARNER, username=username), data)}
        try:
            allocation.assign_reviewer(
                self._staff_submission(data), reviewer, staff_user, self.policy().lease, timezone.now()
            )
        except allocation.ReviewRefused as refusal:
            return {"staff_html": self._staff_html(self._gettext(messages.REVIEW_REFUSALS[refusal.code]), data)}
        return {"staff_html": self._staff_html(data=data)}

    @json_handler
    def staff_review(self, data, suffix=""):
        """Review as staff: the staff review's points become the grade (an override still wins)."""
        staff_user = self._require_staff()
        try:
            scores, feedback = self._scores_from(data)
        except RubricProblem as problem:
            return {"staff_html": self._staff_html(self._word(problem.template, **problem.params), data)}
        submission = self._staff_submission(data)
        moderation.record_review(
            submission,
            staff_user,
            PeerReview.STAFF,
            scores=scores,
            feedback=feedback,
            now=timezone.now(),
        )
        publishing.record_score_of(submission.pk, self.parsed_rubric())
        return {"staff_html": self._staff_html(data=data)}

    @json_handler
    def staff_override(self, data, suffix=""):
        """Set the grade in whole points, as edx-submissions keeps them, with a reason."""
        staff_user = self._require_staff()
        max_points = self.parsed_rubric().max_points
        reason = str(data.get("reason", "")).strip()
        try:
            points = float(data.get("points"))
        except (TypeError, ValueError):
            points = -1.0
        if not reason or not points.is_integer() or not 0 <= points <= max_points:
            notice = self._word(messages.OVERRIDE_NEEDS_REASON, max_points=max_points)
            return {"staff_html": self._staff_html(notice, data)}
        submission_id = self._staff_submission(data).pk
        moderation.override(submission_id, points, reason, staff_user)
        publishing.record_score_of(submission_id, self.parsed_rubric())
        return {"staff_html": self._staff_html(data=data)}

    @json_handler
    def staff_moderate(self, data, suffix=""):
        """Keep reported work in review (dismissing its reports) or remove it; keep or remove a reported review."""
        self._require_staff()
        action = data.get("action")
        if action in ("restore_submission", "remove_submission"):
            status = PeerSubmission.ACTIVE if action == "restore_submission" else PeerSubmission.REMOVED
            moderation.set_submission_status(self._staff_submission(data).pk, status, timezone.now())
        elif action in ("restore_review", "remove_review"):
            review = PeerReview.objects.filter(item_id=self.item_id, pk=self._whole_number(data, "review_id")).first()
            if review is None:
                raise self._gone()
            (moderation.restore_review if action == "restore_review" else moderation.remove_review)(review.pk)
        return {"staff_html": self._staff_html(data=data)}

    @XBlock.handler
    def export_csv(self, request, suffix=""):
        """Every submission's standing as a CSV download, for staff only."""
        _user, is_staff = self._people()
        if not is_staff:
            return self._forbidden()
        body = staff.csv_text(staff.rows(self.item_id, self.parsed_rubric()))
        response = Response(body=body.encode("utf-8"), content_type="text/csv", charset="utf-8")
        response.content_disposition = 'attachment; filename="peer-review.csv"'
        return response
