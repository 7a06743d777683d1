"""Stage 2, sources: the Hugging Face Hub, the leaderboards and the licence table -> models and scores.

refresh.py runs the stage (`python -m model_data refresh`); hub, leaderboard and licenses read one
source each.
"""
