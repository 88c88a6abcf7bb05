"""Learning packs: course sources that ``wikiskills-pack`` builds into courses Studio imports."""
