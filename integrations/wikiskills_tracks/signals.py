"""Signals other WikiSkills apps listen to (the badges app awards stage and track badges on them).

Both are sent after the progress that causes them is committed.
"""

from django.dispatch import Signal

# ``membership`` finished ``stage`` (a Stage) at ``done_at``; ``evidence`` is what its sign-off or capstone
# adds to a badge (``[{"url": …, "narrative": …}]``).
stage_completed = Signal()
# ``membership`` finished the last stage of its track: it graduated.
track_graduated = Signal()
