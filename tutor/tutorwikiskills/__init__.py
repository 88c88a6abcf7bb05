"""Tutor plugin for WikiSkills: installs openedx-wikiskills into the Open edX image and configures it."""

__version__ = "0.1.0"
