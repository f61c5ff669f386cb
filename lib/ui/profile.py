"""The service profile form (creates or edits a service) and the services overview table."""

from __future__ import annotations

import streamlit as st

from lib.i18n import NumberProblem, fmt_input, fmt_num, read_number, t
from lib.store.services import TERRITORY_TYPES, Profile, ProfileError, Service, create_service, update_profile
from lib.ui import session
from lib.ui.page import action, flash

MAX_INHABITANTS = 10_000_000


@action
def _save_profile(form_key: str, service_id: int | None) -> None:
    state = st.session_state
    try:
        inhabitants = read_number(state[f"{form_key}.inhabitants"], 0, MAX_INHABITANTS, allow_empty=True)
    except NumberProblem as exc:
        flash("error", "profile.inhabitants.bad", problem=exc)
        return
    profile = Profile(
        name=state[f"{form_key}.name"] or "",
        municipality=state[f"{form_key}.municipality"] or "",
        inhabitants=inhabitants,
        territory_type=state[f"{form_key}.territory"],
    )
    con = session.store()
    try:
        if service_id is None:
            session.select_service(create_service(con, profile))
            flash("success", "profile.created", name=profile.name.strip())
        elif update_profile(con, service_id, profile):
            flash("success", "profile.saved")
        else:
            flash("success", "profile.unchanged")
    except ProfileError as exc:
        flash("error", exc.key)


def form(service: Service | None) -> None:
    """The service profile (name, municipality, inhabitants, territory type); creates a service when
    `service` is None. Saved in a callback so the service selector can switch to a new service."""
    form_key = f"profile.{service.id if service else 'new'}"
    current = service.profile if service else Profile(name="")
    with st.form(form_key, clear_on_submit=service is None, enter_to_submit=False):
        st.text_input(t("profile.name"), value=current.name, key=f"{form_key}.name", max_chars=200)
        st.text_input(t("profile.municipality"), value=current.municipality, key=f"{form_key}.municipality",
                      max_chars=200)
        st.text_input(t("profile.inhabitants"), value=fmt_input(current.inhabitants), key=f"{form_key}.inhabitants",
                      help=t("profile.inhabitants.help"), max_chars=12)
        st.selectbox(
            t("profile.territory"),
            TERRITORY_TYPES,
            index=TERRITORY_TYPES.index(current.territory_type) if current.territory_type else None,
            format_func={code: t(f"territory.{code}") for code in TERRITORY_TYPES}.__getitem__,
            placeholder=t("profile.territory.placeholder"),
            key=f"{form_key}.territory",
        )
        st.form_submit_button(
            t("profile.create") if service is None else t("profile.save"),
            type="primary",
            on_click=_save_profile,
            args=(form_key, service.id if service else None),
        )


def services_table(services: list[Service]) -> list[dict[str, str]]:
    """Rows for the services overview, with translated column names and Latvian number format."""
    return [
        {
            t("profile.name"): s.profile.name,
            t("profile.municipality"): s.profile.municipality,
            t("profile.inhabitants"): fmt_num(s.profile.inhabitants, 0),
            t("profile.territory"): t(f"territory.{s.profile.territory_type}") if s.profile.territory_type else "–",
            t("settings.demo_column"): t("demo.badge") if s.is_demo else "",
        }
        for s in services
    ]
