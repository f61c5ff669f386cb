"""Quality self-assessment (SD KVPM): rules, store, member form, report tables."""
