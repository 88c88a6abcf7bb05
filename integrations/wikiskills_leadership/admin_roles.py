"""Admin of communities and roles. Role versions are read-only here: they are added only through the product's
form (a community's coordinators, staff for the global version), so the history stays honest (ADR 0042)."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Community, CommunityMember, Role, RoleVersion
from .roles import GLOBAL


class CommunityMemberInline(admin.TabularInline):
    model = CommunityMember
    extra = 1
    raw_id_fields = ["user"]
    fields = ["user", "coordinator", "joined_at"]
    readonly_fields = ["joined_at"]


class CommunityForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = ["slug", "name", "names", "kind", "qid"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug == GLOBAL:
            raise forms.ValidationError(_("This key is kept for the global version of roles; choose another."))
        return slug


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    form = CommunityForm
    list_display = ["slug", "name", "kind", "qid"]
    list_filter = ["kind"]
    search_fields = ["slug", "name", "qid"]
    inlines = [CommunityMemberInline]


class RoleVersionInline(admin.TabularInline):
    model = RoleVersion
    extra = 0
    can_delete = False
    ordering = ["community__name", "-number"]
    fields = ["community", "number", "name", "skills", "changed_by", "reason", "copied_from", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "order", "global_name"]
    fields = ["code", "order", "new_global_version"]
    readonly_fields = ["code", "new_global_version"]
    inlines = [RoleVersionInline]

    def has_add_permission(self, request):
        return False  # roles ship with WikiSkills (migration 0002); a role without a version has nothing to show

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("name (global)"))
    def global_name(self, obj):
        version = obj.versions.filter(community=None).order_by("-number").first()
        return version.name if version else "–"

    @admin.display(description=_("change the global version"))
    def new_global_version(self, obj):
        url = reverse("wikiskills_leadership:role_adapt", args=[GLOBAL, obj.code])
        return format_html('<a href="{}">{}</a>', url, _("Add a new global version (with the reason)"))
