"""Logic of the social-service workload and quality dashboard (pure, tested; pages only render)."""
