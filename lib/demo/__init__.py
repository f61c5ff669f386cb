"""DEMO data: the sample forms and the demonstration service built from them."""
