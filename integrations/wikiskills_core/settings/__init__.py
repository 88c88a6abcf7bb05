"""Settings the plugin injects into the LMS and CMS."""
