"""Prescription (limitation) of claims: periods by kind of claim, the events acting on them,
alerts."""
