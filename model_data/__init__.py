"""Data layer of Model Mondays Explorer: ingest, refresh, validate and load the snapshot.

Nothing here imports streamlit; the app is one consumer among others (CLI, tests, bench).
"""
