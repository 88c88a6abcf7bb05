"""Staff see every link and can remove one (the learner then verifies again)."""

from django.contrib import admin

from .models import VerificationChallenge, WikiAccount


@admin.register(WikiAccount)
class WikiAccountAdmin(admin.ModelAdmin):
    list_display = ("username", "family", "user", "verified_by", "verified_at", "central_id")
    list_filter = ("family", "verified_by")
    search_fields = ("username", "user__username", "central_id")
    readonly_fields = ("user", "family", "username", "central_id", "verified_by", "verified_at", "evidence_revid")

    def has_add_permission(self, request):
        return False  # links need proof; staff remove wrong ones, learners verify again


@admin.register(VerificationChallenge)
class VerificationChallengeAdmin(admin.ModelAdmin):
    list_display = ("username", "family", "user", "page_title", "expires_at")
    search_fields = ("username", "user__username")
    exclude = ("code",)
    readonly_fields = ("user", "family", "wiki", "username", "central_id", "page_title", "created_at", "expires_at")

    def has_add_permission(self, request):
        return False
