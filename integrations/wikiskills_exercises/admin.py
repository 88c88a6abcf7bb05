"""Staff can look up any attempt in the Django admin (overrides are made in the exercise's staff view)."""

from django.contrib import admin

from .models import ExerciseAttempt


@admin.register(ExerciseAttempt)
class ExerciseAttemptAdmin(admin.ModelAdmin):
    list_display = ("user", "usage_key", "wiki", "status", "checked_at", "published_score", "override_score")
    list_filter = ("status", "wiki")
    search_fields = ("user__username", "usage_key")
    readonly_fields = [field.name for field in ExerciseAttempt._meta.fields]

    def has_add_permission(self, request):
        return False
