"""Domain events: facts in the past tense, one module per family, kept in the journal."""
