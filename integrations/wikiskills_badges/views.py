"""Thin HTTP adapters: public badge documents, the verification and learner pages, staff actions, the API."""

from pathlib import Path

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..wikiskills_skills import api as skills_api
from . import api, baking, languages, ob2, ob3
from .awarding import award_and_announce, revoke_badge
from .forms import ManualAwardForm, RecipientCheckForm, RevocationForm
from .models import Award, BadgeClass, Issuer, SigningKey
from .recipients import identity_matches

JSON_LD = "application/ld+json"
IMAGE_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}
# An SVG opened on its own must not run scripts or load anything.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def _public(response):
    """Badge documents are public and fetched by verifiers from any origin."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json_ld(document, status=200, content_type=JSON_LD):
    return _public(JsonResponse(document, status=status, content_type=content_type, json_dumps_params={"indent": 2}))


def _award(uuid):
    return get_object_or_404(Award.objects.select_related("badge_class__issuer", "recipient", "status_list"), uuid=uuid)


@require_GET
def issuer(request, slug):
    return _json_ld(ob2.issuer_document(get_object_or_404(Issuer, slug=slug)))


@require_GET
def public_key(request, key_id):
    """An RSA key OB 2.0 signed assertions name as ``creator`` (Ed25519 keys live in the did:web document)."""
    signing_key = get_object_or_404(
        SigningKey.objects.select_related("issuer"), key_id=key_id, algorithm=SigningKey.RSA
    )
    return _json_ld(ob2.public_key_document(signing_key))


@require_GET
def revocation_list(request, slug):
    return _json_ld(ob2.revocation_list_document(get_object_or_404(Issuer, slug=slug)))


def _edition(badge_class, language):
    """The translation a language edition's URL names; the original has no such URL, so it is a 404 there too."""
    edition = languages.exact_edition(badge_class, language)
    if edition is None or edition.is_original:
        raise Http404
    return edition


@require_GET
def badge_class(request, slug, language=None):
    """An OB 2.0 BadgeClass: the original at its id, a translation at its edition's id."""
    badge = get_object_or_404(BadgeClass.objects.select_related("issuer"), slug=slug)
    return _json_ld(ob2.badge_class_document(badge, _edition(badge, language) if language else None))


@require_GET
def assertion(request, uuid):
    """The hosted assertion; a revoked one answers 410 Gone, as OB 2.0 verifiers expect."""
    award = _award(uuid)
    if award.is_revoked:
        return _json_ld(ob2.revoked_assertion(award), status=410)
    return _json_ld(ob2.hosted_assertion(award))


@require_GET
def signed_assertion(request, uuid):
    award = _award(uuid)
    if award.is_revoked:
        return _json_ld(ob2.revoked_assertion(award), status=410)
    return _public(HttpResponse(ob2.signed_assertion(award), content_type="application/jws"))


@require_GET
def achievement(request, slug, language=None):
    """An OB 3.0 Achievement: the original at its id, a translation at its edition's id."""
    badge = get_object_or_404(BadgeClass.objects.select_related("issuer"), slug=slug)
    return _json_ld(ob3.achievement_document(badge, _edition(badge, language) if language else None))


@require_GET
def credential(request, uuid):
    """The OpenBadgeCredential with its Data Integrity proof; its status list says whether it is revoked."""
    return _json_ld(ob3.signed_credential(_award(uuid)), content_type="application/vc+ld+json")


@require_GET
def credential_jwt(request, uuid):
    """The OpenBadgeCredential as a VC-JWT (OB 3.0 §8.2), served as ``text/plain`` as OB 3.0 says."""
    return _public(HttpResponse(ob3.credential_jwt(_award(uuid)), content_type="text/plain; charset=utf-8"))


@require_GET
def did_document(request, slug):
    return _json_ld(ob3.did_document(get_object_or_404(Issuer, slug=slug)), content_type="application/did+json")


@require_GET
def jwks(request, slug):
    return _json_ld(ob3.jwks(get_object_or_404(Issuer, slug=slug)), content_type="application/jwk-set+json")


@require_GET
def status_list(request, slug):
    return _json_ld(
        ob3.status_list_credential(get_object_or_404(Issuer, slug=slug)), content_type="application/vc+ld+json"
    )


def _shown(badge_class):
    """The badge class's edition in the visitor's language, else the nearest, else the original."""
    return languages.edition_for(badge_class, translation.get_language())


def _verify_context(award, **details):
    issued_in = languages.award_edition(award).language
    return {
        "award": award,
        "edition": _shown(award.badge_class),
        "issued_in": issued_in,
        "issued_in_name": languages.language_name(issued_in),
        **details,
    }


@require_GET
def verify(request, uuid):
    """The human-readable verification page anyone with the link can open, in the visitor's language."""
    award = _award(uuid)
    recipient_check = RecipientCheckForm(request.GET or None)
    context = _verify_context(
        award,
        is_expired=bool(award.expires_on and award.expires_on <= timezone.now()),
        revocation_form=RevocationForm() if request.user.is_staff and not award.is_revoked else None,
        recipient_check=recipient_check,
        # The hash is of the lowercased email: identity_matches lowercases what the verifier typed.
        recipient_matches=(
            identity_matches(recipient_check.cleaned_data["email"], award.recipient_salt, award.recipient_identity_hash)
            if recipient_check.is_valid()
            else None
        ),
    )
    return render(request, "wikiskills_badges/verify.html", context)


@login_required
@require_GET
def my_badges(request):
    """The signed-in learner's badges, each with its share link and downloads, in the learner's language."""
    awards = Award.objects.filter(recipient=request.user).select_related("badge_class__issuer").order_by("-issued_on")
    badges = [{"award": award, "edition": _shown(award.badge_class)} for award in awards]
    return render(request, "wikiskills_badges/my_badges.html", {"badges": badges})


@require_GET
def skills(request):
    """The skills taxonomy badge classes align to (the target of their alignment links)."""
    return render(request, "wikiskills_badges/skills.html", {"skills": skills_api.skill_tree()})


@staff_member_required
@require_http_methods(["GET", "POST"])
def manual_award(request):
    """Staff award a badge by hand, with evidence; POST is CSRF-protected by the middleware."""
    form = ManualAwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        award, _created = award_and_announce(
            form.cleaned_data["badge_class"],
            form.cleaned_data["user"],
            evidence=form.evidence(),
            narrative=form.cleaned_data["narrative"],
        )
        return redirect("wikiskills_badges:verify", award.uuid)
    return render(request, "wikiskills_badges/manual_award.html", {"form": form})


@staff_member_required
@require_POST
def revoke(request, uuid):
    award = _award(uuid)
    form = RevocationForm(request.POST)
    if form.is_valid():
        revoke_badge(award, form.cleaned_data["reason"])
        return redirect("wikiskills_badges:verify", award.uuid)
    context = _verify_context(award, is_expired=False, revocation_form=form, recipient_check=RecipientCheckForm())
    return render(request, "wikiskills_badges/verify.html", context, status=400)


@require_GET
def user_assertions(request, username):
    """The former Open edX badges API: a user's assertions, for the user themself or staff."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("Authentication credentials were not provided.")}, status=401)
    if request.user.username != username and not request.user.is_staff:
        return JsonResponse({"detail": _("You do not have permission to perform this action.")}, status=403)
    user = get_object_or_404(get_user_model(), username=username)
    awards = api.user_awards(user, course_id=request.GET.get("course_id"), slug=request.GET.get("slug"))
    paginator = Paginator(awards, api.page_size(request.GET.get("page_size")))
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return JsonResponse({"detail": _("The page must be a whole number.")}, status=400)
    except EmptyPage:
        return JsonResponse({"detail": _("Invalid page.")}, status=404)
    return JsonResponse(api.page_document(request, page))


def _image_response(content, name, badge_class, attachment=False):
    suffix = Path(badge_class.image.name).suffix.lower()
    response = HttpResponse(content, content_type=IMAGE_TYPES[suffix])
    response["Content-Security-Policy"] = SVG_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    if attachment:
        response["Content-Disposition"] = f'attachment; filename="{name}{suffix}"'
    return _public(response)


@require_GET
def badge_image(request, slug):
    badge_class = get_object_or_404(BadgeClass, slug=slug)
    if not badge_class.image:
        raise Http404
    with badge_class.image.open("rb") as image:
        return _image_response(image.read(), slug, badge_class)


@require_GET
def baked_badge(request, uuid):
    """The badge image with this award's assertion and credential baked in, to download and keep."""
    award = _award(uuid)
    badge_class = award.badge_class
    if not badge_class.image:
        raise Http404
    if award.is_revoked:
        return _json_ld(ob2.revoked_assertion(award), status=410)
    with badge_class.image.open("rb") as image:
        baked = baking.baked_badge_image(award, image.read(), Path(badge_class.image.name).suffix.lower())
    return _image_response(baked, f"{badge_class.slug}-{award.uuid}", badge_class, attachment=True)
