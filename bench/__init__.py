"""Benchmarks: ``make bench`` prints one ``bench: NAME: key=value ...`` line each."""
