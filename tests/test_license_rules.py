"""The licence rules' edges, written to kill the mutants mutmut left alive in sources/licenses.py.

Expectations come from the reviewed table (licenses.csv), not from copies of it.
"""

from __future__ import annotations

import pytest

from model_data.curated import license_table
from model_data.sources import licenses
from model_data.sources.licenses import LicenseFacts


def facts(family: str, commercial: str, tag: str = "x") -> LicenseFacts:
    return LicenseFacts(
        license_name=f"{tag} name",
        license_url=f"https://example.org/{tag}",
        license_family=family,
        commercial_use=commercial,
        commercial_clause=f"{tag} clause",
        class_project=f"{tag} class",
        research_paper=f"{tag} paper",
        startup_product=f"{tag} startup",
    )


def row(key: str) -> dict[str, str]:
    return license_table()[key]


def test_key_of_resolves_tags_per_repo_texts_and_names_and_nothing_else():
    assert licenses.key_of("Apache-2.0 ") == "apache-2.0"  # tag, case and spaces ignored
    assert licenses.key_of("not-a-reviewed-licence") == ""  # a tag the table does not have
    assert licenses.key_of("other", "") == "" and licenses.key_of("", "") == ""
    assert licenses.key_of("other", "Gemma") == "gemma"  # `other`: a name of one text
    assert licenses.key_of("other", "modified-mit") == ""  # a name several texts share
    repo = row("sam-license")["applies_to"].split(";")[0]
    assert licenses.key_of("apache-2.0", "", repo.upper()) == "sam-license"  # the text reviewed for this repo wins


def test_an_unknown_license_answers_unknown_everywhere_and_keeps_what_the_repo_said():
    got = licenses.describe("not-a-reviewed-licence", "Some Licence", "https://example.org/l")
    assert (got.license_family, got.commercial_use) == ("unknown", "unknown")
    assert (got.license_name, got.license_url) == ("Some Licence", "https://example.org/l")
    assert (
        got.commercial_clause
        == "Licence 'not-a-reviewed-licence' is not in the reviewed licence table yet: read it yourself."
    )
    assert got.class_project.startswith("Unknown") and got.research_paper.startswith("Unknown")
    assert got.startup_product.startswith("Unknown") and "licence" in got.startup_product
    bare = licenses.describe("")
    assert (bare.license_name, bare.license_url) == ("", "")
    assert bare.commercial_clause == "No licence tag on the Hub card: read the repo's licence file."
    named = licenses.describe("", "My Licence")
    assert (
        named.commercial_clause
        == "No licence tag on the Hub card (the repo names 'My Licence'): read the repo's licence file."
    )
    assert (
        licenses.describe("other").commercial_clause
        == "Hub tag is 'other' with no licence name: read the repo's licence file."
    )
    assert "'Odd Name'" in licenses.describe("other", "Odd Name").commercial_clause
    shared = licenses.describe("other", "modified-mit")
    assert shared.license_family == "unknown" and "several different licence texts" in shared.commercial_clause


def test_a_reviewed_license_answers_from_its_row_and_keeps_the_repos_own_name_and_link():
    apache = row("apache-2.0")
    got = licenses.describe("apache-2.0")
    assert got == LicenseFacts(
        apache["license_name"],
        apache["license_url"] or apache["read_from"],
        apache["family"],
        apache["commercial_use"],
        apache["commercial_clause"],
        apache["class_project"],
        apache["research_paper"],
        apache["startup_product"],
    )
    own = licenses.describe("apache-2.0", "Apache 2 (as the repo says)", "https://example.org/LICENSE")
    assert (own.license_name, own.license_url) == ("Apache 2 (as the repo says)", "https://example.org/LICENSE")
    closed = licenses.proprietary()
    assert closed.license_url == row("proprietary")["read_from"] and closed.license_family == "proprietary"
    assert closed.commercial_use == row("proprietary")["commercial_use"]


@pytest.mark.parametrize(
    "loose, strict",
    [
        (("permissive", "yes"), ("permissive", "restricted")),  # commercial use first
        (("non-commercial", "yes"), ("permissive", "restricted")),  # ...before the family
        (("permissive", "restricted"), ("permissive", "unknown")),
        (("permissive", "unknown"), ("permissive", "no")),
        (("permissive", "yes"), ("responsible-AI licence", "yes")),  # then the family
        (("responsible-AI licence", "yes"), ("open weights with use policy", "yes")),
        (("open weights with use policy", "yes"), ("copyleft", "yes")),
        (("copyleft", "yes"), ("proprietary", "yes")),
        (("proprietary", "yes"), ("unknown", "yes")),
        (("unknown", "yes"), ("non-commercial", "yes")),
        (("permissive", "yes"), ("permissive", "an unheard-of answer")),  # unheard-of counts as unknown
    ],
)
def test_stricter_orders_commercial_use_then_family(loose, strict):
    a, b = facts(*loose), facts(*strict)
    assert licenses.stricter(a, b) is True and licenses.stricter(b, a) is False
    assert licenses.stricter(a, a) is False


def test_unheard_of_values_rank_as_unknown():
    assert not licenses.stricter(facts("permissive", "unknown"), facts("permissive", "odd"))
    assert not licenses.stricter(facts("unknown", "yes"), facts("odd family", "yes"))
    assert not licenses.stricter(facts("odd family", "yes"), facts("unknown", "yes"))


def test_combine_takes_the_strictest_keeps_own_name_and_link_and_skips_unknown_licenses():
    own = facts("permissive", "yes", "own")
    base, part, unknown = (
        facts("copyleft", "yes", "base"),
        facts("non-commercial", "no", "part"),
        facts("unknown", "no", "?"),
    )
    got, reasons = licenses.combine(own, [(base, "base model"), (unknown, "unread"), (part, "bundled part")])
    assert reasons == ["base model", "bundled part"]  # the unknown one is not a reason
    assert got == LicenseFacts(
        "own name",
        "https://example.org/own",
        "non-commercial",
        "no",
        "part clause",
        "part class",
        "part paper",
        "part startup",
    )
    same, reasons = licenses.combine(own, [(facts("permissive", "yes", "twin"), "twin")])
    assert same is own and reasons == ["twin"]
    assert licenses.combine(own, []) == (own, [])
    looser, _ = licenses.combine(facts("copyleft", "no", "own"), [(base, "base")])
    assert looser.license_family == "copyleft" and looser.commercial_use == "no"


def test_same_license_is_unknown_when_either_side_is():
    assert licenses.same_license(("apache-2.0", ""), ("APACHE-2.0", "")) is True
    assert licenses.same_license(("apache-2.0", ""), ("mit", "")) is False
    assert licenses.same_license(("", ""), ("mit", "")) is None
    assert licenses.same_license(("mit", ""), ("other", "")) is None
