"""WikiSkills XBlocks: thin adapters between the Open edX runtime and the domain code."""
