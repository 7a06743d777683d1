"""Data layer of Model Mondays Explorer: sources -> snapshot -> frames, one way.

ingest/ and sources/ build the snapshot's tables, store/ writes, reads and validates them, and
views.py shapes frames for the pages; tables/ holds the curated CSV tables, snapshot/ the shipped
data. Nothing here imports streamlit or ui/; the app is one consumer among others (CLI, tests, bench).
"""

from pathlib import Path

TABLES = Path(__file__).resolve().parent / "tables"
