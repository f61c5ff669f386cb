"""Entry point (`streamlit run app.py`): everything is routed by lib.router."""

from lib import router

router.run()
