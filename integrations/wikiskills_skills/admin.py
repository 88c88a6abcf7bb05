"""Django admin: skills and territories are edited here; profiles and matches are shown for support."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import Match, MatchRequest, Skill, SkillProfile, Territory
from .tasks import run_batch_matching


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "parent", "qid", "active", "order"]
    list_filter = ["active", "parent"]
    search_fields = ["code", "label", "qid"]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["qid", "label", "parent"]
    search_fields = ["qid", "label"]


@admin.register(SkillProfile)
class SkillProfileAdmin(admin.ModelAdmin):
    """Learners edit their own profiles; support staff only look."""

    list_display = ["user", "territory", "visibility", "mentor_capacity", "away_until", "updated_at"]
    list_filter = ["visibility"]
    search_fields = ["user__username"]
    readonly_fields = [field.name for field in SkillProfile._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(MatchRequest)
class MatchRequestAdmin(admin.ModelAdmin):
    list_display = ["requester", "kind", "status", "created_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["requester", "kind", "skills", "across_regions", "created_at"]
    actions = ["run_matching_now"]

    @admin.action(description=_("Run the batch matching now (all open requests, not only the selected)"))
    def run_matching_now(self, request, queryset):
        """Staff need not wait for the nightly run, e.g. after a cohort filled in its profiles."""
        run_batch_matching.delay()
        self.message_user(request, _("Matching started; requesters get an email when someone is found."), messages.INFO)


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["request", "partner", "status", "source", "score", "good_fit", "created_at"]
    list_filter = ["status", "source", "good_fit"]
    readonly_fields = ["request", "partner", "rank", "score", "explanation", "source", "created_at", "answered_at"]
