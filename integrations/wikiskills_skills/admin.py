"""Django admin: skills and territories are edited here; profiles and matches are shown for support."""

from django.contrib import admin

from .models import Match, MatchRequest, Skill, SkillProfile, Territory


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


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["request", "partner", "status", "source", "score", "good_fit", "created_at"]
    list_filter = ["status", "source", "good_fit"]
    readonly_fields = ["request", "partner", "rank", "score", "explanation", "source", "created_at", "answered_at"]
