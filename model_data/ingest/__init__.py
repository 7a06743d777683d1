"""Stage 1, ingest: episode material (pages, recaps, slides, transcripts, PDFs) -> episodes and mentions.

pipeline.py runs the stage (`python -m model_data ingest`); the other modules read one kind of
material each (corpus_layout, corpus_json, markdown_doc, episode_sources, episodes), match model
names (mentions, names, catalogue) and keep the reviewed tables (review). safe_read is the only
way a corpus file is opened.
"""
