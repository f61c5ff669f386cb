"""The app's sections (SPEC §2) in menu order: file, translated title key, stable URL path, icon.

The URL path is the file's stem on purpose: Streamlit first reads a folder named `pages/` the legacy
way (URL = file stem) and shows "Page not found" for a deep link to any other path (seen in 1.67).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    file: str
    key: str  # catalog keys: nav.<key> (title), nav.<key>.help (one-line purpose)
    url_path: str
    icon: str
    default: bool = False
    permission: str | None = "view"  # lib.principal: what the user's role in the service must allow


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/home.py", "home", "home", ":material/home:", default=True, permission=None),
    PageSpec("pages/upload.py", "upload", "upload", ":material/upload_file:", permission="upload"),
    PageSpec("pages/reference.py", "reference", "reference", ":material/tune:"),
    PageSpec("pages/workshops.py", "workshops", "workshops", ":material/groups:", permission="workshop"),
    PageSpec("pages/analysis.py", "analysis", "analysis", ":material/query_stats:"),
    PageSpec("pages/caseload.py", "caseload", "caseload", ":material/folder_shared:"),
    PageSpec("pages/self_assessment.py", "self_assessment", "self_assessment", ":material/fact_check:"),
    PageSpec("pages/settings.py", "settings", "settings", ":material/settings:", permission=None),
)
HOME_ALIAS = "start"  # the default page's own entry (served at "/"); its stem path is a hidden second entry


def page_path(key: str) -> str:
    return next(p.url_path for p in PAGES if p.key == key)


# a participant's only page (joined by link, no account: the workshop's token is the permission)
JOIN = PageSpec("pages/join.py", "join", "join", ":material/groups:", default=True, permission=None)
