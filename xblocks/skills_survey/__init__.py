"""The skills self-assessment block: learners rate themselves on the author's skills, into their skills profile."""

from .block import SkillsSurveyBlock

__all__ = ["SkillsSurveyBlock"]
