"""The only Streamlit glue: session, shared page parts, navigation, the pages' widgets."""
