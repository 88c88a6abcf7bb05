"""WikiSkills integrations: the MediaWiki client and the Open edX plugin apps the blocks stand on."""

__version__ = "0.1.0"
