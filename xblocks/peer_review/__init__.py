"""The peer-review XBlock."""

from .block import PeerReviewBlock

__all__ = ["PeerReviewBlock"]
