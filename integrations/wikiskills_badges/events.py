"""The Open edX events a badge change emits, so the platform and other plugins learn of it."""

from openedx_events.learning.data import BadgeData, BadgeTemplateData, UserData, UserPersonalData
from openedx_events.learning.signals import BADGE_AWARDED, BADGE_REVOKED

# The ``origin`` Open edX uses to tell badge templates apart by where they come from.
BADGE_ORIGIN = "wikiskills"


def badge_data(award):
    user = award.recipient
    badge_class = award.badge_class
    return BadgeData(
        uuid=str(award.uuid),
        user=UserData(
            id=user.pk,
            is_active=user.is_active,
            pii=UserPersonalData(username=user.username, email=user.email, name=user.get_full_name()),
        ),
        template=BadgeTemplateData(
            uuid=badge_class.slug,
            origin=BADGE_ORIGIN,
            name=badge_class.name,
            description=badge_class.description,
            image_url=badge_class.public_image_url,
        ),
    )


def announce_award(award):
    BADGE_AWARDED.send_event(badge=badge_data(award))


def announce_revocation(award):
    BADGE_REVOKED.send_event(badge=badge_data(award))
