"""Admin of leadership evidence: consents and hidden items to look at, on-wiki facts read only."""

from django.contrib import admin

from .models import EvidenceConsent, HiddenEvidence, WikiActivity


@admin.register(EvidenceConsent)
class EvidenceConsentAdmin(admin.ModelAdmin):
    list_display = ("user", "consented_at", "withdrawn_at")
    list_filter = ("withdrawn_at",)
    search_fields = ("user__username",)
    readonly_fields = ("user", "consented_at", "withdrawn_at")

    def has_add_permission(self, request):
        return False  # only the learner agrees


@admin.register(HiddenEvidence)
class HiddenEvidenceAdmin(admin.ModelAdmin):
    list_display = ("user", "item")
    search_fields = ("user__username", "item")
    readonly_fields = ("user", "item")

    def has_add_permission(self, request):
        return False


@admin.register(WikiActivity)
class WikiActivityAdmin(admin.ModelAdmin):
    list_display = ("user", "wiki", "username", "wiki_user_id", "fetched_at")
    list_filter = ("wiki",)
    search_fields = ("user__username", "username")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
