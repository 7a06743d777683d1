"""What a link may say, as pure functions: validators and parsers of query values, the notice for
values a page cannot honour, and the share link. ui/url.py applies them in a running page (no widget
is bound to the address; a page declares its parameters once, with ui/url.py's kinds).

Everything here is pure (no Streamlit) and tested in test_url_state.py and test_url_values.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
import unicodedata
from urllib.parse import urlencode

# Parameters every page understands (handled by app.py, not by page widgets).
GLOBAL_PARAMS = {"present", "embed_options", "embed", "highlight"}
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}
THEMES = {"light": "light_theme", "dark": "dark_theme"}
NOTICE_MAX = 12  # ignored values listed one by one in the notice
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

Validator = Callable[[str], bool]


# Accepted forms (what a link may say; the widgets are given the same value in their own spelling):
# - switches: true/false, 1/0, yes/no, on/off (any case); the address then shows true/false;
# - a choice: one of the options as the app writes them; a single choice given twice keeps the last
#   value and names the others in the notice;
# - a number box: any number within its range;
# - a range of steps (`params`): two numbers within the range, each snapped to the nearest step
#   (named in the notice when that changes it), low and high in either order.
# Anything not honoured as given is named in the notice (`invalid_params`).


def one_of(options: Iterable, single: bool = False) -> Validator:
    """Value must be one of `options` (as text); the set is built only if a link carries the parameter.
    `single`: the widget holds one value (a selectbox or radio), so a repeated parameter is named."""
    allowed: set[str] = set()

    def check(value: str) -> bool:
        if not allowed:
            allowed.update(str(o) for o in options)
        return value in allowed

    check.single = single
    return check


def boolean(value: str) -> bool:
    return value.lower() in TRUE_WORDS | FALSE_WORDS


boolean.single = True
boolean.canonical = lambda value: "true" if value.lower() in TRUE_WORDS else "false"


def number(low: float, high: float) -> Validator:
    def check(value: str) -> bool:
        try:
            x = float(value)
        except ValueError:
            return False
        return low <= x <= high and x == x

    check.single = True
    return check


def steps_range(steps: list[float]) -> Validator:
    """A two-value range over `steps` (a select_slider's options): any number between the first and
    the last step is accepted and snapped to the nearest step (`canonical`)."""
    steps = [float(s) for s in steps]
    check = number(steps[0], steps[-1])
    check.single = False
    check.pair = True
    check.canonical = lambda value: str(min(steps, key=lambda s: (abs(s - float(value)), s)))
    return check


def any_text(max_len: int = 200) -> Validator:
    """Free text up to `max_len`, without control characters or bidi overrides (they only disguise a link)."""

    def check(value: str) -> bool:
        return len(value) <= max_len and not any(_hidden(c) for c in value)

    check.single = True
    return check


def canonical_values(raw: Mapping[str, list[str]], spec: Mapping[str, Validator]) -> dict[str, list[str]]:
    """The values each widget should start from, where they differ from the link's spelling: switches
    as true/false, range ends snapped to a step, a single choice given twice as its last value."""
    out: dict[str, list[str]] = {}
    for key, values in raw.items():
        check = spec.get(key)
        if check is None or key in GLOBAL_PARAMS:
            continue
        good = [v for v in values if v != "" and check(v)]
        if getattr(check, "single", False) and len(good) > 1:
            good = good[-1:]
        canon = getattr(check, "canonical", None)
        if canon:
            good = [canon(v) for v in good]
        if getattr(check, "pair", False):
            good = sorted(good[:2], key=float) if len(good) >= 2 else []
        if good != values:
            out[key] = good
    return out


def _hidden(char: str) -> bool:
    return unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS


def invalid_params(
    raw: Mapping[str, list[str]], spec: Mapping[str, Validator], max_values: Mapping[str, int] | None = None
) -> list[tuple[str, str, str]]:
    """(param, value, reason) for each value the page will ignore; unknown names are reported too."""
    problems: list[tuple[str, str, str]] = []
    max_values = max_values or {}
    for key, values in raw.items():
        if key in GLOBAL_PARAMS:
            continue
        if key not in spec:
            problems.append((key, ",".join(values), "not a setting of this page"))
            continue
        check = spec[key]
        good = []
        for value in values:
            if value == "":
                continue
            if not check(value):
                problems.append((key, value, "not a valid value here"))
            else:
                good.append(value)
        if getattr(check, "single", False) and len(set(good)) > 1:
            others = [v for v in dict.fromkeys(good[:-1]) if v != good[-1]]
            problems.append((key, ",".join(others), f"only one value is used: {good[-1]}"))
        if getattr(check, "pair", False):
            if len(good) not in (0, 2):
                problems.append(
                    (
                        key,
                        ",".join(good),
                        "a range needs exactly two values, low and high; the full range is used"
                        if len(good) < 2
                        else "a range needs exactly two values; the first two are used",
                    )
                )
            for value in good[:2]:
                snapped = check.canonical(value)
                if float(snapped) != float(value):
                    problems.append((key, value, f"snapped to the nearest step, {float(snapped):g}"))
        limit = max_values.get(key)
        if limit is not None and len([v for v in values if v]) > limit:
            problems.append((key, ",".join(values[limit:]), f"at most {limit} allowed"))
    return problems


def notice_text(problems: list[tuple[str, str, str]]) -> str:
    """One plain sentence per ignored value; values are shown as code so they never render as markup."""
    parts = [f"`{_code_safe(k)}={_code_safe(v)}` ({why})" for k, v, why in problems[:NOTICE_MAX]]
    if len(problems) > NOTICE_MAX:  # a link repeating a bad value 1,000 times gets one line, not a page
        parts.append(f"and {len(problems) - NOTICE_MAX} more")
    return "Some link settings were ignored: " + "; ".join(parts) + "."


def renamed_text(old: str, new: str) -> str:
    """The notice of a link that used a parameter's old name (its values are used under the new one)."""
    return f"This link says `{_code_safe(old)}`, now called `{_code_safe(new)}`: its values were applied."


def _code_safe(text: str, limit: int = 60) -> str:
    text = text[: limit + 1].replace("`", "'").replace("\n", " ")
    text = "".join(f"\\u{ord(c):04x}" if _hidden(c) else c for c in text)  # shown, never obeyed
    return text if len(text) <= limit else text[:limit] + "..."


def parse_bool(values: list[str] | None) -> bool | None:
    """Last value wins; None when absent or not a recognisable boolean."""
    if not values:
        return None
    v = values[-1].lower()
    if v in TRUE_WORDS:
        return True
    if v in FALSE_WORDS:
        return False
    return None


def parse_number(low: float, high: float):
    """A parser for seed_value: the link's last value as a number within [low, high], else None."""

    def parse(values: list[str] | None) -> float | None:
        try:
            x = float(values[-1]) if values else None
        except ValueError:
            return None
        return x if x is not None and low <= x <= high else None

    return parse


def parse_range(steps: list[float]):
    """A parser for seed_value: ?k=lo&k=hi as two of a select_slider's `steps` (each snapped to the
    nearest step), else None."""

    def parse(values: list[str] | None) -> tuple[float, float] | None:
        try:
            nums = sorted(float(v) for v in values or [])
        except ValueError:
            return None
        if len(nums) != 2:
            return None
        low, high = (min(steps, key=lambda s: abs(s - x)) for x in nums)
        return (low, high)

    return parse


def parse_theme(values: list[str] | None) -> str | None:
    """Streamlit reads `embed_options=light_theme|dark_theme` at page load; map it back to light/dark."""
    for v in values or []:
        for name, option in THEMES.items():
            if v.lower() == option:
                return name
    return None


def share_query(params: Mapping[str, list[str]], present: bool, theme: str | None) -> str:
    """Query string that reopens this view: page params plus presenter mode and theme."""
    pairs: list[tuple[str, str]] = []
    for key, values in params.items():
        if key in {"present", "embed_options", "embed"}:
            continue
        pairs.extend((key, v) for v in values)
    if present:
        pairs.append(("present", "1"))
    if theme in THEMES:
        pairs.append(("embed_options", THEMES[theme]))
    return urlencode(pairs)


def page_url(context_url: str | None, url_path: str, is_default: bool, page_paths: Iterable[str]) -> str:
    """The page's real URL: the default page lives at the app root, others at /<url_path>.

    `st.context.url` is the address the browser used, which may be any page; strip a trailing page
    path to get the root, so links never point at a default page's url_path ("Page not found").
    """
    base = (context_url or "http://localhost:8501/").split("?")[0].split("#")[0]
    trimmed = base.rstrip("/")
    last = trimmed.rsplit("/", 1)[-1]
    if last in set(page_paths) and "://" in trimmed and trimmed.count("/") > 2:
        trimmed = trimmed.rsplit("/", 1)[0]
    root = trimmed + "/"
    return root if is_default else root + url_path


def share_url(
    context_url: str | None,
    url_path: str,
    is_default: bool,
    page_paths: Iterable[str],
    params: Mapping[str, list[str]],
    present: bool,
    theme: str | None,
) -> str:
    query = share_query(params, present, theme)
    url = page_url(context_url, url_path, is_default, page_paths)
    return f"{url}?{query}" if query else url
