"""Django admin: issuers, badge classes and awarding rules are set up here, without code."""

from django.contrib import admin

from .models import Award, AwardRule, BadgeClass, Issuer, SigningKey


class SigningKeyInline(admin.TabularInline):
    """Keys are generated and rotated by ``manage.py wikiskills_badge_keys``; shown here read-only."""

    model = SigningKey
    fields = ["algorithm", "key_id", "created_at", "retired_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "url", "email"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SigningKeyInline]


class AwardRuleInline(admin.TabularInline):
    model = AwardRule
    extra = 1


@admin.register(BadgeClass)
class BadgeClassAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "issuer", "skill_area", "language"]
    list_filter = ["issuer", "skill_area", "language"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AwardRuleInline]


@admin.register(AwardRule)
class AwardRuleAdmin(admin.ModelAdmin):
    list_display = ["badge_class", "trigger", "course_key", "threshold", "enabled"]
    list_filter = ["trigger", "enabled"]
    search_fields = ["course_key", "badge_class__name"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """Awards are made by rules or the staff award page and revoked from their verification page."""

    list_display = ["badge_class", "recipient", "issued_on", "language", "course_key", "revoked_at"]
    list_filter = ["badge_class", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__username", "badge_class__name", "course_key"]
    readonly_fields = [
        "uuid", "badge_class", "recipient", "issued_on", "language", "expires_on", "course_key", "evidence",
        "narrative", "revoked_at", "revocation_reason",
    ]  # fmt: skip
    exclude = ["recipient_type", "recipient_identity_hash", "recipient_salt"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
