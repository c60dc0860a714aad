"""Hostile inputs for every command, built on demand (links, FIFOs and bombs are not committed)."""
