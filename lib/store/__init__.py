"""The database: the one connection, units of work, migrations (SQL files), services, backup."""
