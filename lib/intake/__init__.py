"""Intake: form templates, reading and checking uploaded files, storing imports."""
