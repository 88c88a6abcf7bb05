"""Demo settings plus ORA2's assessment app, so ``bench.ora2_peer`` can time ORA2's peer-assessment API in-process.

A separate module because only that benchmark needs ORA2's tables: the peer API's models
(``openassessment.assessment``) and the edx-submissions store they read learners' answers from.
"""

from demo.settings import *  # noqa: F403

# dict.fromkeys drops "submissions" again where the demo settings already list it.
INSTALLED_APPS = list(dict.fromkeys([*INSTALLED_APPS, "submissions", "openassessment.assessment"]))  # noqa: F405
# CaptureQueriesContext turns on the query log; keep it out of var/workbench.log and out of the timings.
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "django.db.backends": {"level": "INFO"}}}  # noqa: F405
