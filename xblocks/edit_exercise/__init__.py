"""The on-wiki editing exercise block: learners edit a real wiki and their edit is checked and graded."""

from .block import EditExerciseBlock

__all__ = ["EditExerciseBlock"]
