"""Read models on SQL: cases and the portfolio, straight from the tables."""
