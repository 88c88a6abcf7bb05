"""Typed failures of the MediaWiki client.

Callers decide by type: ``WikiUnavailable`` (and its ``WikiBusy``) are worth a
later retry, ``ApiError`` carries the wiki's own error code, and
``WikiResponseError`` means the answer was not the API at all (a wrong URL).
"""


class MediaWikiError(Exception):
    """Base of every error the client raises."""


class WikiUnavailable(MediaWikiError):
    """The wiki could not be reached or kept failing (connection refused, timeout, HTTP 5xx)."""


class WikiBusy(WikiUnavailable):
    """The wiki asked us to slow down (maxlag or HTTP 429) for longer than we may wait."""

    def __init__(self, message, retry_after):
        super().__init__(message)
        self.retry_after = retry_after


class WikiResponseError(MediaWikiError):
    """The answer was not a MediaWiki API answer (not JSON, or not the expected shape)."""


class ApiError(MediaWikiError):
    """The API answered with an error object; ``code`` is MediaWiki's error code."""

    def __init__(self, code, info):
        super().__init__(f"{code}: {info}")
        self.code = code
        self.info = info


class LoginFailed(ApiError):
    """The wiki refused the credentials (the password itself is never part of the message)."""
