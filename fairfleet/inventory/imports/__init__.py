"""Bringing a fleet in from spreadsheets, GLPI, Snipe-IT: check first, then apply at once."""
