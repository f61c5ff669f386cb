"""The self-assessment page's parts, one module per tab; every widget writes to DuckDB in its
callback, so a reload or a restart shows exactly what the group entered."""
