"""Django admin of capstone projects: projects with their participants; counted edits are read-only."""

from django.contrib import admin

from .models import Participant, Project, ProjectEdit


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ("username", "wiki_user_id", "registered_at", "signed_up", "counted_until", "returned_at")
    readonly_fields = ("wiki_user_id", "registered_at", "signed_up", "counted_until", "returned_at")


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "wiki", "starts_at", "ends_at", "measured_at", "signed_off_at", "public")
    list_filter = ("kind", "wiki", "public")
    search_fields = ("title", "owner__username", "event_page")
    raw_id_fields = ("owner", "membership", "stage", "signed_off_by")
    readonly_fields = ("signup_token", "measured_at", "final_measured_at", "signed_off_at", "figures")
    inlines = [ParticipantInline]


@admin.register(ProjectEdit)
class ProjectEditAdmin(admin.ModelAdmin):
    """What a project counted: never changed by hand (the figures are their sum)."""

    list_display = ("project", "revid", "page_id", "namespace", "wiki_user_id", "timestamp", "size_change")
    list_filter = ("namespace", "new_page")
    search_fields = ("=revid", "=page_id", "=wiki_user_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
