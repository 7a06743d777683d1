"""What was new in each episode, and which episode is the latest aired: plain Python, no pandas.

A viewer who just watched an episode wants its models first, and among them the ones the show had
never named before. "New in an episode" = the models whose first mention (in broadcast order) is
that episode; so the first episode's models are all new, and each later episode's are new since
the episodes before it. Works on plain (episode_id, model_id) pairs, so the landing page can use it
on the Overview digest without pandas, and the pages on the mentions table.
"""

from __future__ import annotations

from collections.abc import Iterable


def first_named(pairs: Iterable[tuple[str, str]], order: list[str]) -> dict[str, str]:
    """model -> the first episode (in `order`, broadcast order) that named it; episodes not in `order` are ignored."""
    rank = {e: i for i, e in enumerate(order)}
    first: dict[str, str] = {}
    for episode, model in pairs:
        if episode not in rank:
            continue
        seen = first.get(model)
        if seen is None or rank[episode] < rank[seen]:
            first[model] = episode
    return first


def new_per_episode(pairs: Iterable[tuple[str, str]], order: list[str]) -> dict[str, list[str]]:
    """episode -> the models it was the first to name (sorted); every episode of `order` is a key."""
    out: dict[str, list[str]] = {e: [] for e in order}
    for model, episode in first_named(pairs, order).items():
        out[episode].append(model)
    return {e: sorted(models, key=str.lower) for e, models in out.items()}


def latest_aired(episodes: Iterable[tuple[str, str]], today: str) -> str | None:
    """The last episode (in the order given: broadcast order) whose date is on or before `today` (ISO dates).

    An episode with no date counts as aired (the sources listed it, so it happened); when every
    episode is in the future the first one is returned, so a page always has an episode to open.
    """
    episodes = list(episodes)
    aired = [e for e, date in episodes if not isinstance(date, str) or not date or date[:10] <= today[:10]]
    if aired:
        return aired[-1]
    return episodes[0][0] if episodes else None


def latest_with_models(order: list[str], counts: dict[str, int], up_to: str | None) -> str | None:
    """The last episode up to and including `up_to` (in `order`) that named at least one model, else None."""
    if up_to not in order:
        return None
    for episode in reversed(order[: order.index(up_to) + 1]):
        if counts.get(episode, 0) > 0:
            return episode
    return None
