"""Use cases on a case: what happens to it (events), and the portfolio it belongs to."""
