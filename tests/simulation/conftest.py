"""The service tests' fixtures: a migrated app on each backend and an SMTP server on 127.0.0.1."""

from support.service_fixtures import app, smtp

__all__ = ["app", "smtp"]
