"""Episodes page: where the episode's material names each model, with "watch at 12:34" links.

Every value is escaped (fmt.md) and every link checked (fmt.safe_url): corpus text is untrusted.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.text import format as fmt

EVIDENCE_WORDS = {
    "episode page": "episode page",
    "recap": "recap",
    "draft recap": "draft recap",
    "slides": "slides",
    "blog": "blog post",
    "chapter": "YouTube chapter",
    "transcript": "transcript",
    "lab": "lab",
    "overview": "season overview",
    "data": "data file",
}


def _where(r) -> str:
    kind = EVIDENCE_WORDS.get(str(r.evidence), str(r.evidence) if not fmt.missing(r.evidence) else "material")
    loc = "" if fmt.missing(r.location) else f" ({r.location})"
    return fmt.md(kind + loc)


def lines(evidence: pd.DataFrame, names: dict[str, str]) -> list[str]:
    out = []
    for r in evidence.itertuples():
        if r.family:
            fam = str(r.model_id).split("/", 1)[1]
            label = f"{fam.capitalize() if fam.islower() else fam} family"
            text = f"[{fmt.md(label)}](/models?q={fam})"
        else:
            text = f"**{fmt.md(names.get(r.model_id, r.model_id))}**"
        text += f" · as “{fmt.md(r.surface)}” in the {_where(r)}"
        url = fmt.safe_url(r.watch_url) if isinstance(r.watch_url, str) else None
        if url:
            secs = int(r.watch_s)
            stamp = (
                f"{secs // 3600}:{secs // 60 % 60:02d}:{secs % 60:02d}"
                if secs >= 3600
                else f"{secs // 60}:{secs % 60:02d}"
            )
            text += f" · [watch at {stamp}]({url})"
        if not fmt.missing(r.note) and str(r.note):
            text += f"  \n  ⚠ {fmt.md(r.note)}"
        out.append("- " + text)
    return out


def draw(evidence: pd.DataFrame, names: dict[str, str], present: bool = False) -> None:
    if evidence.empty or present:
        return
    with st.expander(f"Where this episode names them ({len(evidence)})", expanded=False):
        st.markdown("\n".join(lines(evidence, names)))
