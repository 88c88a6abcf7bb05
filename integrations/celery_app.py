"""The Celery app for running WikiSkills outside edx-platform (workbench, demo, tests).

Inside Open edX the LMS's own Celery app runs our ``shared_task``s. Here,
``CELERY_*`` Django settings configure this app: eager (in-process) by
default, a real broker such as Redis when ``CELERY_BROKER_URL`` is set.
"""

from celery import Celery

app = Celery("wikiskills")
app.config_from_object("django.conf:settings", namespace="CELERY")
