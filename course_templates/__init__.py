"""OLX learning packs that course authors import and reuse (delivered by a later issue)."""
