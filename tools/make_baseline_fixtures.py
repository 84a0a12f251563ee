#!/usr/bin/env python3
"""Write the golden files the Java baseline tests read, into src/test/resources/fixtures/baselines/.

    /usr/bin/python3 tools/make_baseline_fixtures.py

Debian's python3 with numpy and scikit-learn (python3-sklearn); deterministic, a few seconds.
Every prediction follows the Baseline contract: entry (b, k) is fitted on points 0 … k-1 of
prompt b and evaluated at x_k, and is 0 for k = 0. Inputs are float32 (what the Java side gets);
the fits run in float64 on those exact values.

linear.npz  (B = 4 prompts, n = 12 points, d = 6: k < d, k = d and k > d)
  xs [B, n, d]; ys_dense [B, n] = xs·w, w ~ N(0, I); ys_sparse [B, n] = xs·w with 2 non-zero
  coordinates. Prompt 3 has its last two coordinates 0 (the dimension curriculum), so its
  least-squares problem is rank-deficient for every k and the minimum-norm choice matters.
  least_squares    numpy.linalg.lstsq (minimum norm, rcond=None) on ys_dense
  ridge_0.1        sklearn Ridge(alpha=0.1, fit_intercept=False) on ys_dense
  knn_3            sklearn KNeighborsRegressor(n_neighbors=min(3, k)) on ys_dense
  averaging        mean of y_i x_i, dotted with x_k, on ys_dense
  lasso_0.01, lasso_0.1  sklearn Lasso(alpha, fit_intercept=False, max_iter=100000) on ys_sparse

tree.npz  (B = 6 prompts, n = 40 points, d = 5; ys from docs/DESIGN.md §2's depth-4 decision tree)
  tree_depth2       sklearn DecisionTreeRegressor(max_depth=2) on xs
  tree_depth4_sign  sklearn DecisionTreeRegressor(max_depth=4) on sign(xs)
  <name>_agree      1 where the prediction is the same for 16 random_states, else 0: scikit-learn
                    visits features in a random order and keeps the first of equally good splits,
                    so only the entries without such ties have one right answer.
"""
import os

import numpy as np
from sklearn.linear_model import Lasso, Ridge
from sklearn.neighbors import KNeighborsRegressor
from sklearn.tree import DecisionTreeRegressor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "test", "resources", "fixtures", "baselines")


def per_prefix(xs, ys, fit_predict):
    """[B, n] predictions: fit_predict(train_x, train_y, query_x) for every prompt and k >= 1."""
    b, n, _ = xs.shape
    out = np.zeros((b, n))
    for i in range(b):
        for k in range(1, n):
            out[i, k] = fit_predict(xs[i, :k], ys[i, :k], xs[i, k:k + 1])
    return out


def least_squares(x, y, q):
    w = np.linalg.lstsq(x, y, rcond=None)[0]
    return (q @ w)[0]


def averaging(x, y, q):
    return (q @ (x * y[:, None]).mean(axis=0))[0]


def sklearn_model(make):
    def fit_predict(x, y, q):
        return make(len(y)).fit(x, y).predict(q)[0]
    return fit_predict


def linear_fixture(rng):
    b, n, d = 4, 12, 6
    xs = rng.standard_normal((b, n, d)).astype(np.float32)
    xs[3, :, 4:] = 0
    w = rng.standard_normal((b, d))
    w[3, 4:] = 0
    ys_dense = np.einsum("bnd,bd->bn", xs.astype(np.float64), w).astype(np.float32)
    w_sparse = np.zeros((b, d))
    for i in range(b):
        support = rng.choice(4, size=2, replace=False)
        w_sparse[i, support] = rng.standard_normal(2)
    ys_sparse = np.einsum("bnd,bd->bn", xs.astype(np.float64), w_sparse).astype(np.float32)
    x64, dense, sparse = xs.astype(np.float64), ys_dense.astype(np.float64), ys_sparse.astype(np.float64)

    arrays = {"xs": xs, "ys_dense": ys_dense, "ys_sparse": ys_sparse}
    arrays["least_squares"] = per_prefix(x64, dense, least_squares)
    arrays["ridge_0.1"] = per_prefix(x64, dense, sklearn_model(lambda k: Ridge(alpha=0.1, fit_intercept=False)))
    arrays["knn_3"] = per_prefix(x64, dense, sklearn_model(lambda k: KNeighborsRegressor(n_neighbors=min(3, k))))
    arrays["averaging"] = per_prefix(x64, dense, averaging)
    for alpha in (0.01, 0.1):
        arrays[f"lasso_{alpha}"] = per_prefix(x64, sparse, sklearn_model(
            lambda k, a=alpha: Lasso(alpha=a, fit_intercept=False, max_iter=100000)))

    # Self-checks: min-norm really is what lstsq gives (pinv), and it puts no weight on the
    # all-zero coordinates of prompt 3; for k >= d on full-rank prompts it interpolates exactly.
    pinv = per_prefix(x64, dense, lambda x, y, q: (q @ (np.linalg.pinv(x) @ y))[0])
    assert np.allclose(pinv, arrays["least_squares"], atol=1e-9)
    assert np.allclose(arrays["least_squares"][:3, d:], dense[:3, d:], atol=1e-4)
    return arrays


def decision_tree_labels(rng, xs, depth=4):
    b, n, d = xs.shape
    coords = rng.integers(0, d, size=(b, 2 ** (depth + 1) - 1))
    leaves = rng.standard_normal((b, 2 ** (depth + 1) - 1))
    ys = np.zeros((b, n))
    for i in range(b):
        node = np.zeros(n, dtype=int)
        for _ in range(depth):
            node = 2 * node + 1 + (xs[i, np.arange(n), coords[i, node]] > 0)
        ys[i] = leaves[i, node]
    return ys.astype(np.float32)


def tree_predictions(xs, ys, depth):
    """Predictions with random_state 0 and a mask of the entries every random_state agrees on."""
    runs = [per_prefix(xs, ys, sklearn_model(lambda k, s=seed: DecisionTreeRegressor(max_depth=depth, random_state=s)))
            for seed in range(16)]
    agree = np.all(np.stack(runs) == runs[0], axis=0)
    return runs[0], agree.astype(np.float64)


def tree_fixture(rng):
    b, n, d = 6, 40, 5
    xs = rng.standard_normal((b, n, d)).astype(np.float32)
    ys = decision_tree_labels(rng, xs)
    x64, y64 = xs.astype(np.float64), ys.astype(np.float64)
    arrays = {"xs": xs, "ys": ys}
    for name, inputs, depth in (("tree_depth2", x64, 2), ("tree_depth4_sign", np.sign(x64), 4)):
        arrays[name], arrays[name + "_agree"] = tree_predictions(inputs, y64, depth)
        assert arrays[name + "_agree"].mean() > 0.5, name  # enough entries left to test
    return arrays


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20241125)
    for name, arrays in (("linear", linear_fixture(rng)), ("tree", tree_fixture(rng))):
        path = os.path.join(OUT, name + ".npz")
        np.savez(path, **arrays)
        print(path, {k: v.shape for k, v in arrays.items()})
        if name == "tree":
            print("  entries all random_states agree on:",
                  {k: float(v.mean()) for k, v in arrays.items() if k.endswith("_agree")})


if __name__ == "__main__":
    main()
