"""What the platform saw a learner do, as levels of skill, and how it combines with what they said.

Evidence only ever raises the known level; when it is below what the learner said, the
learner's own level stands and the evidence is kept with its reason, so the profile can
say both. Each piece of evidence is a small dict stored on the rating:
``{"source": BADGE, "ref": "<badge slug>", "level": 3, "at": "2026-11-27"}``.
"""

BADGE = "badge"
EXERCISE = "exercise"
TRACK_STAGE = "track_stage"

# The level each kind of evidence shows: a badge aligned to the skill is awarded for applying it;
# a passed editing exercise shows the basics of on-wiki editing.
LEVEL_FOR_SOURCE = {BADGE: 3, EXERCISE: 2, TRACK_STAGE: 3}
EDITING_SKILL = "editing"


def known_level(self_level, evidence_level):
    """The greater of what the learner said and what evidence shows (evidence never lowers it)."""
    return max(self_level or 0, evidence_level or 0)


def raised_by(entry):
    """``(level, source)`` when evidence counts a profile entry above what the learner said, else None.

    ``entry`` is one skill of ``api.profile_data``; the source named is the strongest, latest evidence.
    """
    level = entry.get("evidence_level") or 0
    if not entry.get("evidence") or level <= (entry.get("self_level") or 0):
        return None
    strongest = max(entry["evidence"], key=lambda item: (item.get("level") or 0, item.get("at") or ""))
    return level, strongest.get("source", "")


def add_evidence(existing, source, ref, level, when):
    """``existing`` evidence plus this one, once per source and reference; and the highest level shown."""
    kept = [item for item in existing if (item.get("source"), item.get("ref")) != (source, ref)]
    kept.append({"source": source, "ref": ref, "level": level, "at": when.isoformat()})
    return kept, max(item["level"] for item in kept)
