"""Creditors, agencies and debtors: their details, settings and contact requests."""
