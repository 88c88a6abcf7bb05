"""Skills: the taxonomy, learners' skill profiles, the assets-and-needs map and peer and mentor matching."""
