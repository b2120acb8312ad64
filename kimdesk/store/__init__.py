"""Encrypted storage of the caseload: SQLCipher connection, schema, repository."""
