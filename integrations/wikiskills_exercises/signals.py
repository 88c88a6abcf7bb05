"""Signals other WikiSkills apps listen to, so they need not reach into the exercise app."""

from django.dispatch import Signal

# Sent once per batch of checks, after it is committed, with ``attempts``: those that passed for
# the first time. The badges app awards "editing exercise passed" badges on it.
exercises_passed = Signal()
