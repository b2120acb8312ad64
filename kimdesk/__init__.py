"""kimdesk: offline-first case management for KIM case managers in NRW."""

__version__ = "0.1.0"
