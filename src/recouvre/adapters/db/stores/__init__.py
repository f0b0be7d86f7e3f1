"""Stores: storage of one capability each, on SQLAlchemy Core, inside the caller's unit of work."""
