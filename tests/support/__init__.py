"""Helpers shared by the test suite: paths, seeded worlds, the outbox seed, service fixtures."""
