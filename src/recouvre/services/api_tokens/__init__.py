"""Machine tokens of the REST API and the answers kept for its ``Idempotency-Key`` header."""
