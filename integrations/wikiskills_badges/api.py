"""The former Open edX badges API's answer shape (``/api/badges/v1/assertions/user/<username>/``).

Tools that imported Open edX badges read these fields; keeping them lets them read ours.
"""

from .links import absolute
from .models import Award

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100
# The ``issuing_component`` of every WikiSkills badge class (Open edX used it to tell badge sources apart).
ISSUING_COMPONENT = "wikiskills"


def user_awards(user, course_id=None, slug=None):
    """A user's awards that are not revoked, newest first, optionally of one course or badge class."""
    awards = Award.objects.filter(recipient=user, revoked_at=None).select_related("badge_class__issuer")
    if course_id:
        awards = awards.filter(course_key=course_id)
    if slug:
        awards = awards.filter(badge_class__slug=slug)
    return awards.order_by("-issued_on", "-pk")


def page_size(requested):
    try:
        return max(1, min(int(requested), MAX_PAGE_SIZE))
    except (TypeError, ValueError):
        return DEFAULT_PAGE_SIZE


def assertion_entry(award):
    badge_class = award.badge_class
    return {
        "badge_class": {
            "slug": badge_class.slug,
            "issuing_component": ISSUING_COMPONENT,
            "display_name": badge_class.name,
            "course_id": award.course_key or None,
            "description": badge_class.description,
            "criteria": badge_class.criteria_url or absolute("badge_class", badge_class.slug),
            "image_url": badge_class.public_image_url,
        },
        "image_url": badge_class.public_image_url,
        "assertion_url": absolute("assertion", award.uuid),
        "created": award.issued_on.isoformat().replace("+00:00", "Z"),
    }


def page_document(request, page):
    """Open edX's paginated list: count, num_pages, current_page, start, next, previous, results."""
    paginator = page.paginator

    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "num_pages": paginator.num_pages,
        "current_page": page.number,
        "start": page.start_index() - 1 if paginator.count else 0,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [assertion_entry(award) for award in page.object_list],
    }


def awards_for_keys(user, keys):
    """A user's awards that are not revoked and were earned in any of ``keys`` (courses, track stages)."""
    return list(user_awards(user).filter(course_key__in=list(keys)))
