"""Background work of the skills app: the nightly (or staff-started) matching run over the whole pool."""

from celery import shared_task

from . import api


@shared_task(name="wikiskills.integrations.wikiskills_skills.tasks.run_batch_matching")
def run_batch_matching():
    """Suggest the optimal partner to every open request that has no suggestion waiting."""
    return api.run_batch_matching()
