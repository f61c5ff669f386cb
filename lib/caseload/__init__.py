"""Caseload: the method's rules on active cases per FTE and the staffing norm, and stored counts."""
