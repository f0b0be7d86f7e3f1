"""Storage on SQLite (embedded default) and PostgreSQL 15, with SQLAlchemy 2 Core."""
