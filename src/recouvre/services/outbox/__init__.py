"""The outbox and the channels: sending once, retries, calls, registered mail, bounces."""
