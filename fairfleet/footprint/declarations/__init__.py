"""Manufacturer-declared product carbon footprints imported from Boavizta's open data set, reviewed by the user."""
