"""The app's sections (SPEC §2) in menu order: file, translated title key, stable URL path, icon."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    file: str
    key: str  # catalog keys: nav.<key> (title), nav.<key>.help (one-line purpose)
    url_path: str
    icon: str
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/home.py", "home", "sakums", ":material/home:", default=True),
    PageSpec("pages/upload.py", "upload", "augsupielade", ":material/upload_file:"),
    PageSpec("pages/reference.py", "reference", "slodzes-etalons", ":material/tune:"),
    PageSpec("pages/analysis.py", "analysis", "slodzes-analize", ":material/query_stats:"),
    PageSpec("pages/caseload.py", "caseload", "klientu-lietas", ":material/folder_shared:"),
    PageSpec("pages/self_assessment.py", "self_assessment", "pasnovertejums", ":material/fact_check:"),
    PageSpec("pages/settings.py", "settings", "iestatijumi", ":material/settings:"),
)
