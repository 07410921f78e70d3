"""NLP: the spaCy pipeline, loaded once, and batched parsing of texts into blocks."""

from dyadwatch.nlp.pipeline import (
    MODEL_PACKAGE,
    Block,
    ModelMissingError,
    load_model,
    parse_texts,
    shared_model,
    split_blocks,
)

__all__ = ["MODEL_PACKAGE", "Block", "ModelMissingError", "load_model", "parse_texts",
           "shared_model", "split_blocks"]
