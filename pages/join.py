"""A workshop participant's page, the only one a join link opens (app.py routes it)."""

from lib.ui import session, workshop

session.ensure_router()
workshop.participant_view()
