"""Procedural deadlines: CPC 640 to 644, the named deadlines of collection, the injonction de payer
timeline."""
