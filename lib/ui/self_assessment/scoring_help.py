"""Help where a member scores: the criterion's description, introduction and key questions, the
typical evidence per subcriterion (table 12) and, under the base standard, which practices the base
standard words more narrowly than the full text shown. The method's own words, as text.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from lib import sources
from lib.domain import Catalogue
from lib.i18n import current_language, plain, t
from lib.quality import guide, view
from lib.quality import rules as A

SEED = "004_53260be4ac3d3033.txt"


def _cite(lines: guide.Lines | None) -> str:
    return "" if lines is None else sources.cite([{"file": SEED, "lines": f"{lines.first}-{lines.last}"}])


def _passage(title: str, text: str, lines: guide.Lines | None) -> None:
    st.markdown(f"**{title}**")
    st.markdown(plain(text))
    if lines is not None:
        st.caption(_cite(lines))


def criterion_help(cat: Catalogue, criterion_id: str, standard: str, items: Sequence[A.Item]) -> None:
    g = guide.load()
    c = g.criteria[criterion_id]
    with st.expander(t("sa.guide.title", criterion=view.criterion_name(cat, criterion_id)),
                     icon=":material/menu_book:"):
        if current_language() != "lv":
            st.caption(t("sa.guide.latvian"))
        if c.description_lv:
            _passage(t("sa.guide.description"), c.description_lv, c.description_lines)
        if c.intro_lv:
            _passage(t("sa.guide.intro"), c.intro_lv, c.intro_lines)
        if c.key_questions_lv:
            st.markdown(f"**{t('sa.guide.questions')}**")
            st.markdown("\n".join(f"- {plain(q)}" for q in c.key_questions_lv))
            st.caption(_cite(c.key_questions_lines))
        subs = [s for s in cat.subcriteria if s.criterion_id == criterion_id]
        examples = [(s, g.evidence_for(s.id)) for s in subs]
        if any(e for _, e in examples):
            st.markdown(f"**{t('sa.guide.evidence')}**")
            st.caption(plain(g.evidence_intro_lv))
            for s, found in examples:
                if not found:
                    continue
                st.markdown(f"*{plain(s.id)}*")
                st.markdown("\n".join(
                    f"- {plain(e.text_lv)}" + (f" ({plain('; '.join(e.practices))})" if e.practices else "")
                    for e in found))
            first = min(e.lines.first for _, f in examples for e in f)
            last = max(e.lines.last for _, f in examples for e in f)
            st.caption(_cite(guide.Lines(first, last)))
        narrower = [i for i in items if i.criterion_id == criterion_id and i.id in g.narrower]
        if standard == "base" and narrower:
            st.markdown(f"**{t('sa.guide.narrower')}**")
            for item in narrower:
                note = g.narrower[item.id]
                st.markdown(plain(t("sa.guide.narrower.item", id=item.id, footnote=note.number, text=note.text_lv)))
