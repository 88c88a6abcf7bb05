"""What the tracks REST API answers: plain dicts built from the rows ``api`` returns.

Nothing here queries more than the rows passed in hold (callers prefetch), and nothing writes.
"""

from . import rules


def _date(value):
    return value.isoformat() if value else None


def _username(user):
    return user.username if user is not None else None


def requirement_data(requirement):
    return {
        "kind": requirement.kind,
        "key": requirement.key,
        "threshold": requirement.threshold,
        "label": str(requirement),
    }


def stage_data(stage, requirements):
    return {
        "order": stage.order,
        "key": stage.key,
        "title": stage.display_title,
        "description": stage.description,
        "link": stage.link,
        "requirements": [requirement_data(requirement) for requirement in requirements],
    }


def cohort_data(cohort, seats_left):
    """A cohort as anyone signed in sees it."""
    return {
        "id": cohort.pk,
        "track": cohort.track.slug,
        "name": cohort.name,
        "mode": cohort.mode,
        "status": cohort.status,
        "starts_on": _date(cohort.starts_on),
        "ends_on": _date(cohort.ends_on),
        "language": cohort.language,
        "region": cohort.region,
        "time_zone": cohort.time_zone,
        "capacity": cohort.capacity,
        "seats_left": seats_left,
        "questions": list(cohort.questions),
    }


def track_data(track, cohorts):
    """A track with its courses, stages (with requirements) and the cohorts taking people now.

    ``track`` has ``courses`` and ``stages__requirements`` prefetched; ``cohorts`` are ``(cohort, seats left)``.
    """
    return {
        "key": track.key,
        "slug": track.slug,
        "title": track.display_title,
        "summary": track.display_summary,
        "languages": track.language_codes,
        "level": track.level,
        "weekly_hours": track.weekly_hours,
        "sequential": track.sequential,
        "courses": [{"course_key": course.course_key, "weight": course.weight} for course in track.courses.all()],
        "stages": [stage_data(stage, stage.requirements.all()) for stage in track.stages.all()],
        "cohorts": [cohort_data(cohort, seats_left) for cohort, seats_left in cohorts],
    }


def membership_data(membership):
    """A membership's own fields (no progress)."""
    return {
        "id": membership.pk,
        "cohort": membership.cohort_id,
        "username": membership.user.username,
        "role": membership.role,
        "status": membership.status,
        "guest": membership.guest,
        "mentor": _username(membership.mentor),
        "joined_at": _date(membership.joined_at),
        "last_progress_at": _date(membership.last_progress_at),
        "graduated_at": _date(membership.graduated_at),
    }


def roster_row(membership):
    """A member in a facilitator's list; ``stages_done`` is annotated."""
    return {**membership_data(membership), "stages_done": membership.stages_done}


def stages_with_states_data(stages):
    """``api.stages_with_states`` as JSON: each stage's state and when each requirement was met."""
    return [
        {
            **stage_data(stage, []),
            "state": state.status,
            "done_at": _date(state.done_at),
            "requirements": [
                {**requirement_data(requirement), "met_at": _date(met_at)} for requirement, met_at in requirements
            ],
        }
        for stage, state, requirements in stages
    ]


def check_in_data(check_in):
    return {
        "id": check_in.pk,
        "met_on": _date(check_in.met_on),
        "minutes": check_in.minutes,
        "notes": check_in.notes,
        "next_step": check_in.next_step,
        "author": _username(check_in.author),
        "created_at": _date(check_in.created_at),
    }


def award_data(award):
    return {
        "badge": award.badge_class.slug,
        "name": award.badge_class.name,
        "key": award.course_key,
        "issued_on": _date(award.issued_on),
    }


def my_track_data(entry):
    """One entry of ``api.my_tracks``."""
    membership = entry["membership"]
    cohort = membership.cohort
    next_stage = entry["next_stage"]
    return {
        **membership_data(membership),
        "cohort_name": cohort.name,
        "track": cohort.track.slug,
        "track_title": cohort.track.display_title,
        "stages": stages_with_states_data(entry["stages"]),
        "stages_done": sum(1 for _stage, state, _requirements in entry["stages"] if state.status == rules.DONE),
        "next_stage": next_stage.key if next_stage is not None else None,
        "check_ins": [check_in_data(check_in) for check_in in entry["check_ins"]],
        "badges": [award_data(award) for award in entry["badges"]],
        "stalled": entry["stalled"],
    }
