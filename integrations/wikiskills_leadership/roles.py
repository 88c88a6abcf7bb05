"""Roles and their versions (ADR 0042): what a role needs, who may adapt it, and what each adaptation changed.

A role's global version has no community; a community's adaptation is a version of its own, and
its members see it instead of the global one. Versions are only ever added: adapting or copying
writes a new row saying who made it and why, numbered one after the version it replaces (the one
the community saw), under a lock on the role row so two people saving at once get distinct numbers.

Problems are raised as ``RoleProblem(code)``; ``api`` turns them into ``(None, code)``.
"""

import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .models import Community, CommunityMember, Role, RoleVersion

DATA = Path(__file__).parent / "data" / "roles.json"
SHIPPED_REASON = "Shipped with WikiSkills"
LEVELS = range(1, 6)
LANGUAGES = ("es", "pt", "fr", "ar", "hi")
MAX_SKILLS = 20
MAX_NAME = 200
MAX_TEXT = 5000
GLOBAL = "global"  # the key pages use for the global version instead of a community's slug


class RoleProblem(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


# The shipped roles


def shipped_roles():
    """The roles WikiSkills ships: ``[{"code", "name", "names", "responsibilities", "skills"}]``."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def load_shipped(role_model=Role, version_model=RoleVersion, rows=None):
    """Create the shipped roles and their global version 1 where missing; roles already there are left alone.

    Takes the models so the data migration can pass its historical ones; answers how many roles it created.
    """
    created = 0
    for order, row in enumerate(rows if rows is not None else shipped_roles(), start=1):
        role, made = role_model.objects.get_or_create(code=row["code"], defaults={"order": order})
        created += made
        if version_model.objects.filter(role=role, community=None).exists():
            continue
        version_model.objects.create(
            role=role,
            community=None,
            number=1,
            name=row["name"],
            names=row.get("names", {}),
            responsibilities=row.get("responsibilities", ""),
            skills=[{"skill": item["skill"], "level": int(item["level"])} for item in row["skills"]],
            changed_by=None,
            reason=SHIPPED_REASON,
            created_at=timezone.now(),
        )
    return created


# Reading


def latest(role, community):
    """The newest version in one series (the global one when ``community`` is None), or None."""
    return RoleVersion.objects.filter(role=role, community=community).order_by("-number", "-pk").first()


def current_version(role, community=None):
    """What the community's members see: its newest adaptation, else the newest global version."""
    if community is not None:
        version = latest(role, community)
        if version is not None:
            return version
    return latest(role, None)


def community_of(user):
    """The learner's community: the first by name of those they are a member of, or None."""
    if not user.is_authenticated:
        return None
    member = CommunityMember.objects.filter(user=user).select_related("community").order_by("community__name").first()
    return member.community if member else None


def is_coordinator(user, community):
    return bool(
        user.is_authenticated
        and community is not None
        and CommunityMember.objects.filter(community=community, user=user, coordinator=True).exists()
    )


def may_adapt(user, community):
    """Staff change the global version (and, for support, any community's); coordinators their community's."""
    if not user.is_authenticated:
        return False
    return user.is_staff or is_coordinator(user, community)


# Diffs


def skill_map(skills):
    return {item["skill"]: item["level"] for item in skills}


def changes(before, after):
    """What ``after`` changed from ``before`` (None: nothing before): ``[(kind, facts)]`` in a stable order.

    Kinds: ``renamed`` (old, new), ``added`` (skill, level), ``dropped`` (skill, level),
    ``level`` (skill, old, new), ``names`` (languages), ``responsibilities`` and ``copied`` (community).
    """
    found = []
    if after.copied_from_id:
        source = after.copied_from
        found.append(("copied", {"community": source.community, "number": source.number}))
    if before is None:
        return found
    if before.name != after.name:
        found.append(("renamed", {"old": before.name, "new": after.name}))
    languages = sorted(
        code for code in set(before.names) | set(after.names) if before.names.get(code) != after.names.get(code)
    )
    if languages:
        found.append(("names", {"languages": languages}))
    if before.responsibilities != after.responsibilities:
        found.append(("responsibilities", {}))
    old, new = skill_map(before.skills), skill_map(after.skills)
    for code, level in new.items():
        if code not in old:
            found.append(("added", {"skill": code, "level": level}))
        elif old[code] != level:
            found.append(("level", {"skill": code, "old": old[code], "new": level}))
    found.extend(("dropped", {"skill": code, "level": level}) for code, level in old.items() if code not in new)
    return found


def history(role, community=None):
    """The series' versions, newest first, each with what it changed from the one before it.

    A community's first version is compared with the global version it replaced (numbered one before it),
    which closes its list as ``base``.
    """
    versions = list(
        RoleVersion.objects.filter(role=role, community=community)
        .select_related("changed_by", "community", "copied_from__community")
        .order_by("-number", "-pk")
    )
    base = None
    if community is not None and versions:
        base = (
            RoleVersion.objects.filter(role=role, community=None, number__lt=versions[-1].number)
            .select_related("changed_by")
            .order_by("-number", "-pk")
            .first()
        )
    entries = []
    for index, version in enumerate(versions):
        before = versions[index + 1] if index + 1 < len(versions) else base
        entries.append({"version": version, "changes": changes(before, version)})
    if base is not None:
        entries.append({"version": base, "changes": [], "base": True})
    return entries


# Changing: versions are only added


def clean_skills(skills, known_codes):
    """``[{"skill", "level"}]`` checked: known codes, whole levels 1-5, each skill once, at most ``MAX_SKILLS``."""
    cleaned, seen = [], set()
    for item in skills:
        code = str(item.get("skill", "")).strip()
        if code not in known_codes:
            raise RoleProblem("unknown_skill")
        try:
            level = int(item.get("level"))
        except (TypeError, ValueError):
            raise RoleProblem("bad_level") from None
        if level not in LEVELS:
            raise RoleProblem("bad_level")
        if code in seen:
            raise RoleProblem("duplicate_skill")
        seen.add(code)
        cleaned.append({"skill": code, "level": level})
    if not cleaned:
        raise RoleProblem("no_skills")
    if len(cleaned) > MAX_SKILLS:
        raise RoleProblem("too_many_skills")
    return cleaned


def clean_names(names):
    return {code: str(names[code]).strip()[:MAX_NAME] for code in LANGUAGES if str(names.get(code) or "").strip()}


def _check(user, community, reason):
    if not may_adapt(user, community):
        raise RoleProblem("not_allowed")
    reason = (reason or "").strip()[:MAX_TEXT]
    if not reason:
        raise RoleProblem("reason_missing")
    return reason


def _add_version(role, community, user, reason, fields, *, copied_from=None):
    """A new version numbered one after the one it replaces; the role row is locked while it is numbered."""
    with transaction.atomic():
        # The lock comes first, so every read below sees what a concurrent save committed before it.
        Role.objects.select_for_update().get(pk=role.pk)
        replaced = current_version(role, community)
        if replaced is None:
            raise RoleProblem("not_found")
        if copied_from is None and all(getattr(replaced, key) == value for key, value in fields.items()):
            raise RoleProblem("no_change")
        return RoleVersion.objects.create(
            role=role,
            community=community,
            number=replaced.number + 1,
            changed_by=user,
            reason=reason,
            copied_from=copied_from,
            created_at=timezone.now(),
            **fields,
        )


def adapt(role, community, user, *, name, names, responsibilities, skills, reason, known_codes):
    """A new version of the community's role (the global one when ``community`` is None) by ``user``, saying why."""
    reason = _check(user, community, reason)
    name = (name or "").strip()[:MAX_NAME]
    if not name:
        raise RoleProblem("name_missing")
    fields = {
        "name": name,
        "names": clean_names(names or {}),
        "responsibilities": (responsibilities or "").strip()[:MAX_TEXT],
        "skills": clean_skills(skills or [], known_codes),
    }
    return _add_version(role, community, user, reason, fields)


def copy_version(role, from_community, to_community, user, reason):
    """``to_community`` takes ``from_community``'s current adaptation as a new version of its own."""
    reason = _check(user, to_community, reason)
    if from_community is None or to_community is None:
        raise RoleProblem("nothing_to_copy")
    if from_community.pk == to_community.pk:
        raise RoleProblem("same_community")
    source = latest(role, from_community)
    if source is None:
        raise RoleProblem("nothing_to_copy")
    fields = {key: getattr(source, key) for key in ("name", "names", "responsibilities", "skills")}
    return _add_version(role, to_community, user, reason, fields, copied_from=source)


def communities_with_versions(role):
    """The communities that adapted the role, by name."""
    return list(Community.objects.filter(role_versions__role=role).distinct().order_by("name"))
