"""Forms staff use to award a badge by hand (with evidence) and to revoke one (with a reason)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .models import BadgeClass


class ManualAwardForm(forms.Form):
    badge_class = forms.ModelChoiceField(
        queryset=BadgeClass.objects.order_by("name"), label=_("Badge"), to_field_name="slug"
    )
    username = forms.CharField(label=_("Learner's username"), max_length=150)
    # A CharField with a URL validator: URLField's default scheme differs between Django 4.2 and 5.x.
    evidence_url = forms.CharField(
        label=_("Evidence link"),
        max_length=2000,
        validators=[URLValidator(schemes=["https", "http"])],
        widget=forms.URLInput,
        help_text=_("For example the wiki diff or the learner's work."),
    )
    evidence_narrative = forms.CharField(label=_("What the evidence shows"), widget=forms.Textarea, required=False)
    narrative = forms.CharField(label=_("Why this badge is awarded"), widget=forms.Textarea, required=False)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            self.cleaned_data["user"] = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(_("There is no learner with this username.")) from None
        return username

    def evidence(self):
        return [{"url": self.cleaned_data["evidence_url"], "narrative": self.cleaned_data["evidence_narrative"]}]


class RevocationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea,
        max_length=1000,
        help_text=_("Shown to anyone who verifies the badge."),
    )


class RecipientCheckForm(forms.Form):
    """A verifier checks whether the badge was issued to an email they were given."""

    email = forms.EmailField(label=_("Email the badge should belong to"))
