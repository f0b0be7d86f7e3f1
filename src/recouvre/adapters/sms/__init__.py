"""SMS gateways: a generic JSON HTTP provider and a loopback provider for tests."""
