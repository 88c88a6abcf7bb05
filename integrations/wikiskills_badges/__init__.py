"""WikiSkills Open Badges: self-hosted, verifiable OB 2.0 and OB 3.0 badges awarded by rules."""
