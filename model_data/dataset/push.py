"""Upload a written dataset folder to a Hub dataset repository as ONE commit: every file added or
replaced and every file the folder no longer has deleted together, so the repository shows the
previous version or the new one, never a mix. The token comes from HF_TOKEN and is never printed."""

from __future__ import annotations

import os
from pathlib import Path

from model_data.errors import ModelDataError, scrub

KEEP = {".gitattributes"}  # the Hub's own file (which paths are stored as large files)


def commit_message(date: str) -> str:
    return f"Snapshot of {date}"


def upload(folder: Path, repo_id: str, date: str, token: str) -> str | None:
    """Push `folder` to `repo_id` (created as a dataset repository when missing); the new commit's
    URL, or None when the repository already held exactly these files (no empty commit is made).

    `parent_commit` pins the commit to the revision the file list was read from, so a push racing
    another one fails instead of deleting the other's files. HF_ENDPOINT (read now) selects the Hub."""
    import httpx2
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi
    from huggingface_hub.errors import HfHubHTTPError

    api = HfApi(endpoint=os.environ.get("HF_ENDPOINT") or None, token=token)
    files = {p.relative_to(folder).as_posix(): p for p in sorted(Path(folder).rglob("*")) if p.is_file()}
    try:
        api.create_repo(repo_id, repo_type="dataset", exist_ok=True)
        head = api.repo_info(repo_id, repo_type="dataset").sha
        remote = set(api.list_repo_files(repo_id, repo_type="dataset", revision=head))
        operations = [CommitOperationAdd(path_in_repo=rel, path_or_fileobj=str(p)) for rel, p in files.items()]
        operations += [CommitOperationDelete(path_in_repo=rel) for rel in sorted(remote - set(files) - KEEP)]
        info = api.create_commit(
            repo_id,
            operations=operations,
            commit_message=commit_message(date),
            repo_type="dataset",
            parent_commit=head,
        )
    except (HfHubHTTPError, httpx2.HTTPError, OSError, ValueError) as err:
        status = getattr(getattr(err, "response", None), "status_code", None)
        what = f"HTTP {status}" if status else type(err).__name__
        if status in (401, 403):
            what += ": HF_TOKEN needs write access to the repository"
        raise ModelDataError(
            scrub(
                f"the push to {repo_id} failed ({what}); a push is one commit, so the repository "
                "still holds its previous version: run the command again",
                token,
            )
        ) from None
    return info.commit_url if info.oid != head else None
