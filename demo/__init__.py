"""Running WikiSkills in the xblock-sdk workbench: settings, demo data and the demo launcher."""
