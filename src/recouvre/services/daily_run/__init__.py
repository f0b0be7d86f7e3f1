"""The daily run: plan, guard and issue the actions due on one date, and the review queue."""
