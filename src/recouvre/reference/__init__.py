"""Shipped legal data (``data/*.toml``: dated, sourced rows) and its loader. User corrections
override rows, never code."""
