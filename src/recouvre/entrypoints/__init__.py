"""Thin entry points: the command line (and later the web app and workers)."""
