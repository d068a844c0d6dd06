"""Generators that derive student material (stubs, notebooks) from the reference solutions."""
