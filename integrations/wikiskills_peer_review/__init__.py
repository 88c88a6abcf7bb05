"""Peer review of written work and on-wiki contributions: allocation, reviews, grades."""
