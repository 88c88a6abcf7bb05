"""Django admin: tracks, stages and requirements are written here; cohorts get their facilitators and mentors.

Members' statuses change only through the product's pages and API (seats and the audit trail
hold there); the admin adds staff through ``enrolment.add_staff``, which audits it. Progress,
the audit trail and course syncs are shown read-only for support.
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey

from ..wikiskills_badges.models import BadgeClass
from . import api
from .models import (
    Cohort,
    CourseSync,
    Membership,
    MembershipEvent,
    ProgressFact,
    Requirement,
    Stage,
    StageProgress,
    Track,
    TrackCourse,
)

COURSE_KINDS = (Requirement.COURSE_PASSED, Requirement.COURSE_GRADE, Requirement.COURSE_COMPLETION)
BLOCK_KINDS = (Requirement.BLOCK_DONE, Requirement.BLOCK_SCORE)
NO_KEY_KINDS = (Requirement.MENTORING_MINUTES, *Requirement.STAGE_KINDS)
TRACK_KEY_HELP = _('Badge rules of the kind "Cohort track finished" name this key.')
STAGE_KEY_HELP = _('Badge rules of the kind "Cohort track stage completed" name this key.')


def _parses(key_class, key):
    try:
        key_class.from_string(key)
    except InvalidKeyError:
        return False
    return True


def _key_with_help(key, help_text):
    return format_html('<code>{}</code><div class="help">{}</div>', key, help_text)


class RequirementForm(forms.ModelForm):
    """A requirement's key must be what its kind's facts carry, and its threshold one they can reach."""

    class Meta:
        model = Requirement
        fields = ["kind", "key", "threshold", "label"]

    def clean(self):
        cleaned = super().clean()
        kind, key, threshold = cleaned.get("kind"), (cleaned.get("key") or "").strip(), cleaned.get("threshold")
        cleaned["key"] = key
        if kind is None:
            return cleaned
        key_problem = self._key_problem(kind, key)
        if key_problem:
            self.add_error("key", key_problem)
        if threshold is not None:
            if kind == Requirement.MENTORING_MINUTES:
                if threshold <= 0:
                    self.add_error("threshold", _("Enter the hours of mentoring needed, more than 0."))
            elif not 0 <= threshold <= 1:
                self.add_error("threshold", _("Enter a value from 0 to 1 (0.7 is a grade of 70%)."))
        return cleaned

    def _key_problem(self, kind, key):
        if kind in NO_KEY_KINDS:
            return _("Leave this empty: this kind of requirement takes no key.") if key else None
        if kind in COURSE_KINDS and not _parses(CourseKey, key):
            return _("Enter a course key, for example course-v1:Wikimedia+Lead101+2027.")
        if kind in BLOCK_KINDS and not _parses(UsageKey, key):
            return _(
                "Enter a block's usage key, for example "
                "block-v1:Wikimedia+Lead101+2027+type@wikiskills_edit_exercise+block@first_edit."
            )
        if kind == Requirement.BADGE_HELD and not (
            key and (":" in key or BadgeClass.objects.filter(slug=key).exists())
        ):
            return _("Enter the short name of a badge class of this site, or a key with a colon for another origin.")
        return None


class TrackCourseForm(forms.ModelForm):
    class Meta:
        model = TrackCourse
        fields = ["course_key", "weight", "order"]

    def clean_course_key(self):
        course_key = self.cleaned_data["course_key"].strip()
        if not _parses(CourseKey, course_key):
            raise forms.ValidationError(_("Enter a course key, for example course-v1:Wikimedia+Lead101+2027."))
        return course_key


class TrackCourseInline(admin.TabularInline):
    model = TrackCourse
    form = TrackCourseForm
    extra = 0


class StageInline(admin.TabularInline):
    model = Stage
    fields = ["order", "title", "link", "stage_key"]
    readonly_fields = ["stage_key"]
    extra = 0
    show_change_link = True

    @admin.display(description=_("key"))
    def stage_key(self, stage):
        return _key_with_help(stage.key, STAGE_KEY_HELP) if stage.pk else "-"


def _warn_about_empty_stages(model_admin, request, stages):
    for stage in stages:
        model_admin.message_user(
            request,
            _("The stage “{stage}” has no requirement, so nobody can ever finish it. Add one.").format(stage=stage),
            messages.WARNING,
        )


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "level", "languages", "sequential", "track_key"]
    list_filter = ["level", "sequential"]
    search_fields = ["slug", "title"]
    readonly_fields = ["track_key", "created_at"]
    inlines = [TrackCourseInline, StageInline]
    actions = ["copy_tracks"]

    @admin.display(description=_("key"))
    def track_key(self, track):
        return _key_with_help(track.key, TRACK_KEY_HELP) if track.pk else "-"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _warn_about_empty_stages(self, request, form.instance.stages.filter(requirements=None))

    @admin.action(description=_("Copy the track (to start a new cohort)"))
    def copy_tracks(self, request, queryset):
        with transaction.atomic():
            copies = [api.copy_track(track) for track in queryset.order_by("pk")]
        self.message_user(
            request,
            _("Copied as: {slugs}.").format(slugs=", ".join(copy.slug for copy in copies)),
            messages.SUCCESS,
        )


class RequirementInline(admin.TabularInline):
    model = Requirement
    form = RequirementForm
    extra = 1


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["title", "track", "order", "stage_key"]
    list_filter = ["track"]
    search_fields = ["title", "track__slug", "track__title"]
    list_select_related = ["track"]
    readonly_fields = ["stage_key"]
    inlines = [RequirementInline]

    @admin.display(description=_("key"))
    def stage_key(self, stage):
        return _key_with_help(stage.key, STAGE_KEY_HELP) if stage.pk else "-"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not form.instance.requirements.exists():
            _warn_about_empty_stages(self, request, [form.instance])


STAFF_ROLES = [(Membership.FACILITATOR, _("Facilitator")), (Membership.MENTOR, _("Mentor"))]


class StaffMembershipForm(forms.ModelForm):
    """Add a facilitator or mentor, or switch one's role; members' rows are shown, not changed."""

    class Meta:
        model = Membership
        fields = ["user", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["user"].disabled = True
        if self.instance.pk and self.instance.role == Membership.MEMBER:
            self.fields["role"].disabled = True
        else:
            self.fields["role"].choices = STAFF_ROLES

    def clean_role(self):
        role = self.cleaned_data["role"]
        if not self.fields["role"].disabled and role not in dict(STAFF_ROLES):
            raise forms.ValidationError(_("Only facilitators and mentors are added here; members join themselves."))
        return role


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "cohort"
    form = StaffMembershipForm
    fields = ["user", "role", "status", "guest", "mentor", "joined_at"]
    readonly_fields = ["status", "guest", "mentor", "joined_at"]
    raw_id_fields = ["user"]
    extra = 0
    can_delete = False
    verbose_name = _("person")
    verbose_name_plural = _("people (add facilitators and mentors here; members join through the cohort's page)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "mentor")


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "track", "status", "mode", "starts_on", "ends_on", "capacity", "language"]
    list_filter = ["status", "mode", "track", "language"]
    list_select_related = ["track"]
    search_fields = ["name", "track__slug", "track__title"]
    date_hierarchy = "starts_on"
    inlines = [MembershipInline]
    actions = ["rebuild_progress", "sync_courses"]

    def save_formset(self, request, form, formset, change):
        """Staff memberships go through ``enrolment.add_staff``, which audits them; nothing else is saved here."""
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        cohort = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            data = getattr(inline_form, "cleaned_data", None)
            if not data or not inline_form.has_changed():
                continue
            membership = inline_form.instance
            if membership.pk is None or "role" in inline_form.changed_data:
                user = data.get("user") or membership.user
                is_new = membership.pk is None
                problem = api.add_staff(cohort, user, data["role"], actor=request.user)
                if problem:
                    self.message_user(request, _("{user} was not added.").format(user=user), messages.ERROR)
                    continue
                saved = Membership.objects.get(cohort=cohort, user=user)
                if is_new:
                    formset.new_objects.append(saved)
                else:
                    formset.changed_objects.append((saved, ["role"]))

    @admin.action(description=_("Rebuild progress from the facts"))
    def rebuild_progress(self, request, queryset):
        stored = 0
        for cohort in queryset:
            stored += len(api.rebuild_cohort(cohort))
        self.message_user(
            request,
            ngettext(
                "Progress rebuilt: %(count)d finished stage stored.",
                "Progress rebuilt: %(count)d finished stages stored.",
                stored,
            )
            % {"count": stored},
            messages.SUCCESS,
        )

    @admin.action(description=_("Bring members' courses in step again (enrolment and course cohorts)"))
    def sync_courses(self, request, queryset):
        queued = sum(api.sync_cohort_courses(cohort) for cohort in queryset)
        self.message_user(
            request,
            ngettext(
                "Queued the courses of %(count)d membership.", "Queued the courses of %(count)d memberships.", queued
            )
            % {"count": queued},
            messages.SUCCESS,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for support; written only by the app."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MembershipEvent)
class MembershipEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "membership", "from_status", "to_status", "actor", "reason"]
    list_filter = ["to_status"]
    search_fields = ["membership__user__username", "membership__cohort__name", "actor__username", "reason"]
    list_select_related = ["membership__user", "membership__cohort", "actor"]


@admin.register(ProgressFact)
class ProgressFactAdmin(ReadOnlyAdmin):
    list_display = ["reached_at", "user", "kind", "key", "value", "source"]
    list_filter = ["kind"]
    search_fields = ["user__username", "key", "source"]
    list_select_related = ["user"]


@admin.register(StageProgress)
class StageProgressAdmin(ReadOnlyAdmin):
    list_display = ["done_at", "membership", "stage"]
    search_fields = ["membership__user__username", "membership__cohort__name", "stage__title"]
    list_select_related = ["membership__user", "membership__cohort", "stage__track"]


@admin.register(CourseSync)
class CourseSyncAdmin(ReadOnlyAdmin):
    list_display = ["membership", "course_key", "enrolled", "in_course_cohort", "synced_at"]
    list_filter = ["enrolled", "in_course_cohort"]
    search_fields = ["membership__user__username", "course_key"]
    list_select_related = ["membership__user", "membership__cohort"]
