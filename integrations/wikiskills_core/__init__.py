"""The WikiSkills core plugin app: configured wikis, their clients, and cached wiki pages."""
