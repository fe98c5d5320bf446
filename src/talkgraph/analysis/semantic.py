"""A latent semantic space trained on the store's own talks (TF-IDF -> truncated SVD), kept beside the store.

Latent semantic indexing: the talks' feature rows (``RelatedIndex`` gives the TF-IDF vector of
the title and abstract words, the same words as "similar wording", beside the talk's weighted
topic vector) are factored by a truncated SVD into :data:`~talkgraph.analysis.weights.SEMANTIC_DIMS`
latent dimensions; two talks are similar when their rows point the same way in that space, even
with few words in common ("asyncio" and "coroutines" load on the same dimensions because talks use
them together). Nothing is downloaded: the space is learned from the corpus itself, with a fixed
seed, so the same talks always give the same space.

Training takes seconds on a large store, so the trained space is saved in the store's cache
directory (:attr:`talkgraph.store.local.GraphStore.cache_dir`), named by a fingerprint of the
documents and the parameters: a later index over the same talks loads it instead of retraining,
and a store whose talks changed gets a new one (the stale file is removed). An in-memory store
keeps its space in this process only.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.linalg import solve_triangular

from . import weights

__all__ = ["SemanticSpace", "train_space", "load_or_train", "randomized_svd"]

_FORMAT = 2  # bump when the saved layout or the training changes: old files are then stale
_PREFIX = "semantic-"
_memory: dict[str, "SemanticSpace"] = {}  # fingerprint -> space, for stores without a directory


@dataclass(frozen=True)
class SemanticSpace:
    """Talk vectors in the latent space and the features' loadings, for scores and explanations.

    ``docs`` is talks x dims, rows L2-normalised (row . row is the cosine); ``loadings`` is
    kept features x dims (the SVD's right singular vectors scaled by the singular values);
    ``term_index`` maps a feature (column of the training matrix: a word, then a concept) to its
    row of ``loadings``, -1 for one the space leaves out (too rare or too common).
    """

    docs: np.ndarray        # float32, talks x dims
    loadings: np.ndarray    # float32, kept terms x dims
    term_index: np.ndarray  # int64, index term -> row of loadings, or -1
    fingerprint: str

    @property
    def dims(self) -> int:
        return int(self.docs.shape[1])

    def similar(self, i: int) -> np.ndarray:
        """Cosine of talk ``i`` with every talk in the latent space, negatives as 0.

        ``einsum``, not ``@``: a matrix-vector product this size is memory-bound, and the threaded
        BLAS behind ``@`` costs several times more than one loop on a loaded 2-core machine.
        """
        s = np.einsum("ij,j->i", self.docs, self.docs[i]).astype(float)
        np.maximum(s, 0.0, out=s)
        return s

    def term_weights(self, i: int, terms: np.ndarray) -> np.ndarray:
        """How much each of ``terms`` (index term ids) weighs in talk ``i``'s direction (0 for left-out terms)."""
        rows = self.term_index[terms]
        out = np.zeros(len(terms))
        ok = rows >= 0
        out[ok] = np.einsum("ij,j->i", self.loadings[rows[ok]], self.docs[i])
        return out


def randomized_svd(m: sparse.spmatrix, k: int, *, oversample: int = 10, power_iterations: int = 4,
                   seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` largest singular values of ``m`` and their right singular vectors, deterministic for a seed.

    Randomized range finder with power iterations (Halko, Martinsson & Tropp 2011), in float32
    with Cholesky QR (``q (chol(q'q))^-1``, twice at the end) instead of Householder QR: on a
    corpus of 20,000 talks this is the difference between seconds and minutes. Returns ``(s, vt)``
    with ``m ~= u @ diag(s) @ vt``; signs fixed so each row of ``vt`` has its largest entry positive.

    >>> a = sparse.random(40, 30, density=0.3, random_state=1, format="csr")
    >>> s, vt = randomized_svd(a, 5)
    >>> bool(np.allclose(s, np.linalg.svd(a.toarray(), compute_uv=False)[:5], rtol=1e-3))
    True
    """
    m = sparse.csr_matrix(m, dtype=np.float32)
    mt = m.T.tocsr()
    n, d = m.shape
    rank = min(n, d)
    k = min(k, rank)
    width = min(rank, k + oversample)
    rng = np.random.default_rng(seed)
    q = np.asarray(m @ rng.standard_normal((d, width)).astype(np.float32))
    for _ in range(power_iterations):
        q = np.asarray(m @ _orth(np.asarray(mt @ _orth(q))))
    q = _orth(_orth(q))
    b = np.asarray(mt @ q, dtype=np.float64).T  # width x d: m ~= q @ b
    w, ub = np.linalg.eigh(b @ b.T)
    order = np.argsort(-w, kind="stable")[:k]
    s = np.sqrt(np.maximum(w[order], 0.0))
    safe = np.where(s > 0, s, 1.0)
    vt = (ub[:, order].T @ b) / safe[:, None]
    flip = np.sign(vt[np.arange(k), np.abs(vt).argmax(axis=1)])
    flip[flip == 0] = 1.0
    return s, vt * flip[:, None]


def _orth(q: np.ndarray) -> np.ndarray:
    """An orthonormal basis of ``q``'s columns (Cholesky QR; Householder when ``q`` is rank-deficient)."""
    g = (q.T @ q).astype(np.float64)
    try:
        r = np.linalg.cholesky(g).T
    except np.linalg.LinAlgError:
        return np.linalg.qr(q.astype(np.float64))[0].astype(np.float32)
    return solve_triangular(r, q.T.astype(np.float64), trans="T", lower=False).T.astype(np.float32)


def _fingerprint(tfidf: sparse.csr_matrix, terms: list[str], dims: int, min_df: int, max_df: float) -> str:
    h = hashlib.sha256()
    h.update(f"{_FORMAT} {dims} {min_df} {max_df} {tfidf.shape}".encode())
    h.update("\x00".join(terms).encode())
    for a in (tfidf.indptr, tfidf.indices, tfidf.data):
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


def train_space(tfidf: sparse.csr_matrix, *, dims: int | None = None, min_df: int | None = None,
                max_df: float | None = None, fingerprint: str = "") -> SemanticSpace:
    """Train the space on talks x features rows (TF-IDF words, weighted topics): features in at least
    ``min_df`` talks and at most ``max_df`` of them, ``dims`` dimensions (fewer when the corpus has fewer); defaults from
    :mod:`~talkgraph.analysis.weights`."""
    dims = weights.SEMANTIC_DIMS if dims is None else dims
    min_df = weights.SEMANTIC_MIN_DF if min_df is None else min_df
    max_df = weights.SEMANTIC_MAX_DF if max_df is None else max_df
    tfidf = sparse.csr_matrix(tfidf)
    n, n_terms = tfidf.shape
    df = np.bincount(tfidf.indices, minlength=n_terms)
    keep = np.flatnonzero((df >= min_df) & (df <= max_df * max(n, 1)))
    term_index = np.full(n_terms, -1, dtype=np.int64)
    term_index[keep] = np.arange(len(keep))
    x = tfidf[:, keep]
    k = min(dims, len(keep) - 1, n - 1)
    if k < 1:
        return SemanticSpace(np.zeros((n, 0), np.float32), np.zeros((len(keep), 0), np.float32), term_index,
                             fingerprint)
    from threadpoolctl import threadpool_limits

    # One BLAS thread: the products here are thin (talks x 160); on a busy 2-core machine the
    # threaded BLAS spent 4 times longer waiting on its own threads (pyvideo: 41.6 s against 9.6 s).
    with threadpool_limits(limits=1, user_api="blas"):
        s, vt = randomized_svd(x, k, seed=weights.SEMANTIC_SEED)
    loadings = vt.T  # terms x k: a talk's latent vector is its TF-IDF row times these
    docs = np.asarray(x @ loadings)
    norms = np.linalg.norm(docs, axis=1)
    norms[norms == 0] = 1.0
    docs /= norms[:, None]
    return SemanticSpace(docs.astype(np.float32), (loadings * s).astype(np.float32), term_index, fingerprint)


def load_or_train(tfidf: sparse.csr_matrix, terms: list[str], cache_dir: Path | None, *,
                  dims: int | None = None, min_df: int | None = None, max_df: float | None = None) -> SemanticSpace:
    """The space for these talks (``tfidf``: talks x features, ``terms``: the features' names):
    loaded from ``cache_dir`` when a file for the same rows and names is there, else trained and
    saved (best effort: an unwritable directory only costs a retrain)."""
    dims = weights.SEMANTIC_DIMS if dims is None else dims
    min_df = weights.SEMANTIC_MIN_DF if min_df is None else min_df
    max_df = weights.SEMANTIC_MAX_DF if max_df is None else max_df
    fp = _fingerprint(tfidf, terms, dims, min_df, max_df)
    if cache_dir is None:
        if fp not in _memory:
            _memory.clear()  # one space per process is enough: the last store's
            _memory[fp] = train_space(tfidf, dims=dims, min_df=min_df, max_df=max_df, fingerprint=fp)
        return _memory[fp]
    path = Path(cache_dir) / f"{_PREFIX}{fp[:32]}.npz"
    if path.is_file():
        try:
            with np.load(path) as f:
                if str(f["fingerprint"]) == fp:
                    return SemanticSpace(f["docs"], f["loadings"], f["term_index"], fp)
        except (OSError, ValueError, KeyError):
            pass  # a damaged file is retrained and replaced
    space = train_space(tfidf, dims=dims, min_df=min_df, max_df=max_df, fingerprint=fp)
    _save(space, path)
    return space


def _save(space: SemanticSpace, path: Path) -> None:
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")  # open(): the store's umask, as its files
        with open(tmp, "wb") as out:
            np.savez(out, docs=space.docs, loadings=space.loadings, term_index=space.term_index,
                     fingerprint=np.array(space.fingerprint))
        os.replace(tmp, path)
        tmp = None
        for old in path.parent.glob(f"{_PREFIX}*.npz"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only store directory: the space lives in this index only
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
