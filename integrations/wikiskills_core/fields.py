"""Model fields for wiki names, compared the way the wiki compares them."""

from django.db import models

# Byte-wise collations per database vendor: ``Example`` and ``ExAmple`` must be
# different rows (MediaWiki names are case-sensitive after the first letter),
# while MariaDB's default utf8mb4 collation would treat them as duplicates.
CASE_SENSITIVE_COLLATIONS = {
    "mysql": "utf8mb4_bin",
    "postgresql": "C",
    "sqlite": "BINARY",
}


class WikiNameField(models.CharField):
    """A normalized wiki user name or page title, stored with a case-sensitive collation.

    255 characters is MediaWiki's own limit for titles and user names.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        parameters["collation"] = CASE_SENSITIVE_COLLATIONS.get(connection.vendor, parameters.get("collation"))
        return parameters
