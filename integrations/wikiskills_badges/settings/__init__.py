"""Settings the badges plugin injects into the LMS and CMS."""
