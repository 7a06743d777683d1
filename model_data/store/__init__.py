"""Stage 3, the snapshot's code: schema, atomic writes, read/write, validate, digest, restore.

The shipped data is not here: it is the folder model_data/snapshot/ (tables, manifest, digest).
"""
