"""Signals other WikiSkills apps listen to, so they need not reach into the exercise app."""

from django.dispatch import Signal

# Sent once per attempt, after the check that first passed it is committed; argument: ``attempt``.
# The badges app awards "editing exercise passed" badges on it.
exercise_passed = Signal()
