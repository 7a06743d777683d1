"""Licence family -> colour, the same on every chart (Plotly and SVG): plain Python, no plotting imports.

The landing page's SVG charts need the colours before pandas or Plotly are loaded (model_data/digest.py).
"""

from __future__ import annotations

# Okabe-Ito (colour-blind safe) plus two of Paul Tol's muted colours for a longer tail.
PALETTE = ["#009E73", "#0072B2", "#E69F00", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#882255", "#AA4499", "#44AA99"]
UNKNOWN_COLOR = "#999999"
# Families we expect get a fixed colour so screenshots stay comparable across snapshots.
PREFERRED = {
    "permissive": "#009E73",
    "copyleft": "#56B4E9",
    "open weights with use policy": "#0072B2",
    "responsible-ai licence": "#E69F00",
    "llama": "#0072B2",
    "gemma": "#D55E00",
    "open-rail": "#E69F00",
    "openrail": "#E69F00",
    "responsible-ai": "#E69F00",
    "custom": "#CC79A7",
    "other": "#CC79A7",
    "non-commercial": "#F0E442",
    "research-only": "#F0E442",
    "proprietary": "#AA4499",
    "closed": "#AA4499",
    "unknown": UNKNOWN_COLOR,
}


def family_colors(families) -> dict[str, str]:
    """Family -> colour: preferred colours first, then free palette colours in sorted order."""
    fams = sorted({str(f) for f in families if isinstance(f, str) and f})
    colors: dict[str, str] = {}
    used = set()
    for fam in fams:
        key = fam.lower()
        if key in PREFERRED and PREFERRED[key] not in used | {c for c in colors.values()}:
            colors[fam] = PREFERRED[key]
            used.add(colors[fam])
        elif key == "unknown":
            colors[fam] = UNKNOWN_COLOR
    free = [c for c in PALETTE if c not in used]
    i = 0
    for fam in fams:
        if fam not in colors:
            colors[fam] = free[i % len(free)] if free else PALETTE[i % len(PALETTE)]
            i += 1
    return colors
