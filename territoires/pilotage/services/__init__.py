"""Writes of the pilotage: only about its own readers (never the domains' objects)."""
