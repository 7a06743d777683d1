"""The Models filters, declared once (in the spirit of datasette's Filters): each one's URL key, widget
kind, where its options come from and which rows it keeps.

The page's URL spec, its widgets, the "N active" count and `views.filter_models` are all driven from
FILTERS, so adding a filter is one entry here plus its words in ui/text/labels.FILTER_WORDS (the data
layer holds no display wording). A filter's value is what its widget gives: a list for a choice, a
bool for a switch, a (low, high) pair for steps, a number or None, a string for text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from model_data import views
from model_data.store.schema import COMMERCIAL_USE

# The licence answers as filter values (views.answer_class codes), in the order a student reads them.
ANSWER_CLASSES = ("yes", "conditions", "no", "unknown")
FIT_BITS = (4, 8, 16)


@dataclass(frozen=True)
class Filter:
    key: str  # URL parameter and widget key
    kind: str  # choice (several of options) | one (one of options) | switch | text | number | steps
    options: Callable[[pd.DataFrame, pd.DataFrame], list] | None = None  # (models, episodes) -> choices
    keep: Callable[[pd.DataFrame, object, dict], pd.Series] | None = None  # (models, value, all values) -> mask
    default: object = None
    bounds: tuple[float, float] | None = None  # a number's range

    def active(self, value, options=None) -> bool:
        """Whether `value` constrains anything (the steps' full range and the defaults do not)."""
        if self.kind == "steps":
            return value is not None and options is not None and tuple(value) != (options[0], options[-1])
        if self.kind == "one":
            return False  # a modifier of another filter (the precision of the memory fit)
        return bool(value) or (self.kind == "number" and value is not None)


def _unknown_or(column: str):
    return lambda models, _episodes: sorted(models[column].fillna("unknown").unique())


def _isin(column: str):
    return lambda models, value, _all: models[column].fillna("unknown").isin(list(value))


# views.STUDENT_QUESTIONS -> their filters' keys
QUESTION_KEYS = {"class_project": "class", "research_paper": "paper", "startup_product": "startup"}


def _answer(question: str) -> Filter:
    return Filter(
        key=QUESTION_KEYS[question],
        kind="choice",
        options=lambda models, _e: [c for c in ANSWER_CLASSES if c in set(models[f"{question}_class"])],
        keep=_isin(f"{question}_class"),
    )


def _commercial_options(models: pd.DataFrame, _episodes) -> list[str]:
    present = set(models["commercial_use"])
    return [c for c in COMMERCIAL_USE if c in present] or ["unknown"]


def _fits(models: pd.DataFrame, value, values: dict) -> pd.Series:
    bits = values.get("bits") or FIT_BITS[0]
    return models[f"mem_{int(bits)}bit_gb"] <= value  # unknown size never fits


FILTERS: tuple[Filter, ...] = (
    Filter("q", "text", keep=lambda models, value, values: views.search_mask(models, value, values.get("_hay"))),
    Filter("open", "switch", keep=lambda models, _v, _a: models["open"]),
    Filter(
        "license", "choice", options=lambda m, _e: sorted(m["license_family"].unique()), keep=_isin("license_family")
    ),
    Filter("commercial", "choice", options=_commercial_options, keep=_isin("commercial_use")),
    *(_answer(q) for q in views.STUDENT_QUESTIONS),
    Filter(
        "params", "steps", options=lambda m, _e: views.size_steps(m), keep=lambda m, v, _a: m["params_b"].between(*v)
    ),
    Filter("size", "choice", options=lambda _m, _e: list(views.SIZE_PRESETS), keep=_isin("size_class")),
    Filter("task", "choice", options=_unknown_or("task"), keep=_isin("task")),
    Filter("org", "choice", options=_unknown_or("organization"), keep=_isin("organization")),
    Filter(
        "season",
        "choice",
        options=lambda _m, e: sorted(int(s) for s in e["season"].dropna().unique()),
        keep=lambda m, v, _a: m["seasons"].map(lambda s: bool(set(s) & set(v))),
    ),
    Filter(
        "episodes",
        "choice",
        options=lambda _m, e: list(e["episode_id"]),
        keep=lambda m, v, _a: m["episode_ids"].map(lambda e: bool(set(e) & set(v))),
    ),
    Filter("named", "switch", keep=lambda m, _v, _a: m["mentions"] > 0),
    Filter("fits", "number", keep=_fits, bounds=(0.1, 10000.0)),
    Filter("bits", "one", options=lambda _m, _e: list(FIT_BITS), default=FIT_BITS[0]),
)
BY_KEY = {f.key: f for f in FILTERS}


def options(models: pd.DataFrame, episodes: pd.DataFrame) -> dict[str, list]:
    """Each filter's choices in this snapshot (they depend on the snapshot only)."""
    return {f.key: f.options(models, episodes) for f in FILTERS if f.options is not None}


def active(values: dict, opts: dict) -> list[str]:
    """The keys of the filters that constrain something."""
    return [f.key for f in FILTERS if f.active(values.get(f.key), opts.get(f.key))]


def apply(
    models: pd.DataFrame,
    values: dict,
    hay: pd.Series | None = None,
    opts: dict | None = None,
    one_per_model: bool = False,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """The rows every active filter keeps. `values`: key -> widget value (missing keys: no constraint);
    `hay`: views.search_haystack(models) when the caller keeps it; `opts`: options() (only the steps'
    full range needs them: without, any range given constrains); `one_per_model`: as
    views.collapse_variants of the result, in the same single selection of the (wide) frame; `columns`:
    only these columns of the rows kept (taking all 60 of the wide frame was ~4 ms of a Models rerun)."""
    mask = pd.Series(True, index=models.index)
    context = {**values, "_hay": hay}
    for f in FILTERS:
        value = values.get(f.key)
        if f.keep is None or value is None:
            continue
        if f.kind == "steps" and opts is None:
            on = True
        else:
            on = f.active(value, (opts or {}).get(f.key))
        if on:
            mask &= f.keep(models, value, context).fillna(False).astype(bool)
    if one_per_model and "variant_of" in models.columns:
        mask &= np.array(views.not_a_listed_copy(models, mask), dtype=bool)
    return (models if columns is None else models[columns])[mask.to_numpy()]
