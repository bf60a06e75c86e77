"""Reporters render a ScanResult; they never re-evaluate anything."""
