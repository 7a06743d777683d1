"""The snapshot as a Hugging Face dataset: one Parquet file per config plus a dataset card.

`python -m model_data dataset --out DIR` writes the folder, `--push` uploads it (command.py).
This module stays import-light: the Data page reads REPO_ID and CONFIGS without pyarrow or the Hub.
"""

# The dataset repository the scheduled update pushes to and the Data page links. The owner is a
# placeholder until the project has a Hub organisation: change it here, and only here.
REPO_ID = "model-mondays-explorer/model-mondays-models"
HUB_URL = f"https://huggingface.co/datasets/{REPO_ID}"

# config -> what one row is; "models" is the default config. "licenses" is the reviewed licence
# table (model_data/tables/licenses.csv), the others are the snapshot's tables of the same name.
CONFIGS = {
    "models": "one model named in an episode (a Hub repo, or an API-only model as closed/<slug>)",
    "episodes": "one episode of the livestream",
    "mentions": "one model named in one episode (where, and how the name was resolved)",
    "scores": "one benchmark result of one model from one source",
    "licenses": "one reviewed licence text and its plain-language answers",
}
DATA_DIR = "data"


def data_file(config: str) -> str:
    """Where a config's Parquet file sits inside the dataset folder (and the repository)."""
    return f"{DATA_DIR}/{config}.parquet"


def load_call(repo_id: str = REPO_ID, config: str = "models") -> str:
    """The one line a notebook needs (the card and the Data page show it)."""
    return f'load_dataset("{repo_id}", "{config}", split="train")'
