"""Licence facts: every answer reviewed in licenses.csv, unknown with a reason, per repo tag."""

from __future__ import annotations

import pytest

from model_data.curated import license_table
from model_data.sources import licenses
from model_data.store import schema


def test_every_table_row_is_complete_and_uses_the_fixed_vocabularies():
    for key, row in license_table().items():
        assert row["family"] in schema.LICENSE_FAMILIES, key
        assert row["commercial_use"] in schema.COMMERCIAL_USE, key
        assert row["license_name"], key
        for question in ("class_project", "research_paper", "startup_product"):
            assert row[question], (key, question)
        if row["commercial_use"] != "yes":
            assert row["commercial_clause"], f"{key}: a restriction needs the clause that makes it"
        assert row["license_url"] == "" or row["license_url"].startswith("https://"), key


def test_llama_names_the_monthly_active_user_threshold():
    facts = licenses.describe("llama3.1")
    assert facts.license_family == "open weights with use policy"
    assert facts.commercial_use == "restricted"
    assert "700 million monthly active users" in facts.commercial_clause


def test_other_with_a_license_name_uses_the_name():
    facts = licenses.describe("other", "stabilityai-ai-community", "https://example.org/LICENSE.md")
    assert facts.commercial_use == "restricted"
    assert "US$1 million" in facts.commercial_clause
    assert facts.license_url == "https://example.org/LICENSE.md"  # the repo's own link wins


def test_permissive_and_non_commercial():
    assert licenses.describe("Apache-2.0").commercial_use == "yes"
    nc = licenses.describe("cc-by-nc-4.0")
    assert (nc.license_family, nc.commercial_use) == ("non-commercial", "no")
    assert nc.startup_product.startswith("No")


@pytest.mark.parametrize(
    "license_id,name,expected",
    [
        (
            "",
            "DeepSeek License Agreement",
            "No licence tag on the Hub card (the repo names 'DeepSeek License Agreement')",
        ),
        ("other", "", "Hub tag is 'other' with no licence name"),
        ("other", "SAM License", "Licence 'SAM License' is not in the reviewed licence table"),
        ("wtfpl-9", "", "Licence 'wtfpl-9' is not in the reviewed licence table"),
    ],
)
def test_missing_or_unmapped_licenses_are_unknown_with_the_reason(license_id, name, expected):
    facts = licenses.describe(license_id, name)
    assert (facts.license_family, facts.commercial_use) == ("unknown", "unknown")
    assert facts.commercial_clause.startswith(expected)
    assert facts.startup_product.startswith("Unknown")


def test_facts_follow_the_repo_tag_not_the_family():
    # MiniMax-M2 launched under plain MIT and moved to a modified MIT: same family, different answers.
    at_launch = licenses.describe("mit")
    now = licenses.describe("other", "modified-mit", repo_id="moonshotai/Kimi-K2.5")
    assert at_launch.commercial_use == "yes"
    assert now.commercial_use == "restricted" and "Kimi K2" in now.commercial_clause


def test_an_other_license_is_resolved_by_its_text_never_by_its_name_alone():
    # Two MiniMax releases both call their licence "modified-mit": one allows commercial use, one forbids it.
    m25 = licenses.describe("other", "modified-mit", repo_id="MiniMaxAI/MiniMax-M2.5")
    m27 = licenses.describe("other", "modified-mit", repo_id="MiniMaxAI/MiniMax-M2.7")
    assert (m25.commercial_use, m27.commercial_use) == ("yes", "no")
    stranger = licenses.describe("other", "modified-mit", repo_id="someone/unreviewed-model")
    assert stranger.commercial_use == "unknown"
    assert "several different licence texts" in stranger.commercial_clause


def test_every_license_row_cites_where_it_was_read():
    for key, row in license_table().items():
        assert row["read_from"].startswith("https://"), key
        assert row["review"], key


def test_deepseek_and_sam_licenses_have_reviewed_rows():
    assert (
        licenses.describe(
            "", "deepseek (DeepSeek Model License, LICENSE-MODEL file)", repo_id="deepseek-ai/DeepSeek-V3"
        ).license_family
        == "responsible-AI licence"
    )
    sam = licenses.describe("other", "sam-license", repo_id="facebook/sam3")
    assert sam.license_family != "unknown" and sam.license_url.startswith("https://")


def test_combining_takes_the_stricter_answer_and_keeps_every_reason():
    own = licenses.describe("mit")
    base = licenses.describe("llama3.3")
    agpl = licenses.describe("agpl-3.0")
    facts, reasons = licenses.combine(own, [(base, "derived from Llama"), (agpl, "bundled AGPL weights")])
    assert facts.commercial_use == "restricted" and facts.license_name == own.license_name
    assert reasons == ["derived from Llama", "bundled AGPL weights"]
    facts, _ = licenses.combine(own, [(agpl, "bundled AGPL weights")])
    assert facts.license_family == "copyleft"


def test_closed_models_are_proprietary():
    facts = licenses.proprietary()
    assert facts.license_family == "proprietary"
    assert "API" in facts.commercial_clause


def test_same_license_compares_tags_and_names():
    assert licenses.same_license(("mit", ""), ("MIT", "")) is True
    assert licenses.same_license(("mit", ""), ("llama3.3", "")) is False
    assert licenses.same_license(("other", "tongyi-qianwen"), ("qwen", "")) is True
    assert licenses.same_license(("", ""), ("mit", "")) is None


def test_the_disclaimer_says_not_legal_advice():
    assert "not legal advice" in licenses.NOT_LEGAL_ADVICE
