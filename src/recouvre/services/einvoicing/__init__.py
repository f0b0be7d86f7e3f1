"""E-invoicing: the platforms' lifecycle statuses applied to collection, and 212 sent back."""
