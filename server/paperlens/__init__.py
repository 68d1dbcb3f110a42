"""PaperLens companion server: learns a researcher's taste from clicks on huggingface.co/papers."""

__version__ = "0.1.0"

PROTOCOL_VERSION = 1
