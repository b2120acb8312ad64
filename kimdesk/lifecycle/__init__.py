"""The caseload's life cycle: backup, handover, retention and erasure."""
