"""Objections to official entries and applications for credit repair, answered by operators."""
