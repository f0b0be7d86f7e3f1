"""Judicial routes: the facts that choose one, their conditions, their costs, and the
recommendation."""
