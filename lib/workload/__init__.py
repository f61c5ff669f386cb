"""Workload: the national and the service reference, versions, the analysis of uploaded forms, units."""
