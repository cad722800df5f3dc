// The search, in the page: the page's copy of the space, Plane.lift, and the k nearest rows,
// with the same metric and tie order as Python's neighbours_at (the reference). On a plane
// whose lift is affine a move is scored from three numbers per row (`search`).
const affine = (S) => S.kind === "axes" || S.kind === "pca";

/** The page's copy of the space. `raw` keeps the rows as sent (never changed); `inv` is each
 *  row's 1 / length (cosine: a zero row stays zero, as Python's unit_rows), `sq` its squared
 *  length (euclidean); moved points' lifted vectors live in `moved` (as Python's `_moved`).
 *  For a plane whose lift is affine (axes, PCA, meaning directions), P and Q are every row's
 *  dot product with the plane's two directions, so a move is scored from three numbers per row. */
export function makeSpace({ n, dim, metric, kind, dims, vectors, xy, components }) {
  const S = { n, d: dim, metric, kind, dims, raw: vectors, xy, comps: components, moved: new Map(),
    inv: new Float64Array(n), sq: new Float64Array(n), maxSq: 0, P: null, Q: null, base: null };
  for (let j = 0, off = 0; j < n; j++, off += dim) {
    let s = 0;
    for (let t = 0; t < dim; t++) s += vectors[off + t] * vectors[off + t];
    S.sq[j] = s;
    if (s > S.maxSq) S.maxSq = s;
    S.inv[j] = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
  if (affine(S)) {
    S.P = new Float64Array(n); S.Q = new Float64Array(n);
    if (kind === "axes") {
      for (let j = 0; j < n; j++) { S.P[j] = vectors[j * dim + dims[0]]; S.Q[j] = vectors[j * dim + dims[1]]; }
    } else {
      const a = components.subarray(0, dim), b = components.subarray(dim, 2 * dim);
      for (let j = 0, off = 0; j < n; j++, off += dim) {
        let p = 0, q = 0;
        for (let t = 0; t < dim; t++) { p += vectors[off + t] * a[t]; q += vectors[off + t] * b[t]; }
        S.P[j] = p; S.Q[j] = q;
      }
    }
  }
  return S;
}

function originalRow(S, j) {
  return S.raw.subarray(j * S.d, (j + 1) * S.d);
}

/** Plane.lift in the page: the full vector of point i dropped at (x, y). */
export function lift(S, i, x, y) {
  const d = S.d, v = new Float32Array(d), o = originalRow(S, i);
  if (S.kind === "axes") {
    v.set(o);
    v[S.dims[0]] = x;
    v[S.dims[1]] = y;
  } else if (S.kind === "pca") {
    const dx = Math.fround(x - S.xy[2 * i]), dy = Math.fround(y - S.xy[2 * i + 1]);
    for (let t = 0; t < d; t++) v[t] = o[t] + dx * S.comps[t] + dy * S.comps[d + t];
  } else { // a given map (UMAP): the mean of the (up to) 5 other points the map shows nearest the drop
    const near = [], far = [];
    for (let j = 0; j < S.n; j++) {
      if (j === i) continue;
      const h = Math.fround(Math.hypot(Math.fround(S.xy[2 * j] - x), Math.fround(S.xy[2 * j + 1] - y)));
      if (near.length === 5 && h >= far[4]) continue;
      let p = near.length < 5 ? near.length : 4;
      while (p > 0 && far[p - 1] > h) { near[p] = near[p - 1]; far[p] = far[p - 1]; p--; }
      near[p] = j; far[p] = h;
    }
    if (!near.length) { v.set(o); return v; } // a space of one point: nothing to average
    const sum = new Float64Array(d);
    for (const j of near) { const r = originalRow(S, j); for (let t = 0; t < d; t++) sum[t] += r[t]; }
    for (let t = 0; t < d; t++) v[t] = sum[t] / near.length;
  }
  return v;
}

/** Point j now sits at v in the full space (as Python's `_moved[j] = v`). */
export function setMoved(S, j, v) {
  let s = 0;
  for (let t = 0; t < v.length; t++) s += v[t] * v[t];
  S.moved.set(j, { v, sq: s, inv: s > 0 ? 1 / Math.sqrt(s) : 0 });
}

export function resetMoved(S) {
  S.moved.clear();
}

/** The query as the exact scorer reads it: cosine, the unit vector (zero stays zero). */
function query(S, q) {
  const qq = new Float64Array(S.d);
  let s = 0;
  for (let t = 0; t < S.d; t++) s += q[t] * q[t];
  const norm = Math.sqrt(s);
  for (let t = 0; t < S.d; t++) qq[t] = S.metric === "cosine" ? (norm === 0 ? 0 : q[t] / norm) : q[t];
  return qq;
}

/** The distance of row j (its moved vector, if moved) to the query qq made by `query`. */
function exactDistance(S, j, qq) {
  const m = S.moved.get(j), d = S.d;
  const r = m ? m.v : S.raw, off = m ? 0 : j * d;
  let s = 0;
  if (S.metric === "cosine") {
    for (let t = 0; t < d; t++) s += r[off + t] * qq[t];
    return 1 - s * (m ? m.inv : S.inv[j]);
  }
  for (let t = 0; t < d; t++) { const e = r[off + t] - qq[t]; s += e * e; }
  return Math.sqrt(s);
}

/** A best-first list of at most `size` (index, value) pairs; ties go to the smaller index
 *  when indices arrive in increasing order. */
function keeper(size) {
  const idx = new Int32Array(size), val = new Float64Array(size).fill(Infinity);
  return { idx, val, worst: size ? Infinity : -Infinity, count: 0,
    add(j, s) {
      if (this.count === size && (s > this.worst || (s === this.worst && j > idx[size - 1]) || !(s <= this.worst))) return;
      let p = Math.min(this.count, size - 1);
      while (p > 0 && (val[p - 1] > s || (val[p - 1] === s && idx[p - 1] > j))) { val[p] = val[p - 1]; idx[p] = idx[p - 1]; p--; }
      val[p] = s; idx[p] = j;
      if (this.count < size) this.count++;
      this.worst = this.count === size ? val[size - 1] : Infinity;
    } };
}

/** The k nearest rows to q, excluding row i, by scoring every row: [indices, distances],
 *  nearest first, ties to the smaller index (as Python's neighbours_at). */
export function nearest(S, q, i, k) {
  k = Math.max(0, Math.min(k, S.n - 1));
  const qq = query(S, q), best = keeper(k);
  for (let j = 0; j < S.n; j++) if (j !== i) best.add(j, exactDistance(S, j, qq));
  return [Array.from(best.idx), Array.from(best.val)];
}

/** Row · o_i for every row: the part of a move's scores that stays fixed while point i moves. */
function baseFor(S, i) {
  if (S.base && S.base.i === i) return S.base.A;
  const A = new Float64Array(S.n), o = originalRow(S, i), d = S.d, raw = S.raw;
  for (let j = 0, off = 0; j < S.n; j++, off += d) {
    let s = 0;
    for (let t = 0; t < d; t++) s += raw[off + t] * o[t];
    A[j] = s;
  }
  S.base = { i, A };
  return A;
}

/** Get ready to move point i (the per-row work a drag of i needs once, at the press). */
export function prepare(S, i) {
  if (affine(S)) baseFor(S, i);
}

/** The neighbours of point i dropped at (x, y): [indices, distances, lifted vector], the same
 *  as `nearest(S, lift(S, i, x, y), i, k)`. On an affine plane the lifted vector is
 *  o_i + dx·a + dy·b, so every row's dot product with it is A + dx·P + dy·Q: three numbers per
 *  row instead of `d`. Those scores pick a few more candidates than k; the candidates are then
 *  scored exactly, and if the margin cannot prove that none was missed, every row is scored. */
export function search(S, i, x, y, k) {
  const v = lift(S, i, x, y);
  k = Math.max(0, Math.min(k, S.n - 1));
  if (!affine(S) || S.n < 2048) return [...nearest(S, v, i, k), v];
  const A = baseFor(S, i), P = S.P, Q = S.Q, inv = S.inv, sq = S.sq;
  const o = originalRow(S, i);
  const dx = S.kind === "axes" ? Math.fround(x) - o[S.dims[0]] : Math.fround(x - S.xy[2 * i]);
  const dy = S.kind === "axes" ? Math.fround(y) - o[S.dims[1]] : Math.fround(y - S.xy[2 * i + 1]);
  let vv = 0;
  for (let t = 0; t < S.d; t++) vv += v[t] * v[t];
  const cos = S.metric === "cosine", vn = Math.sqrt(vv), size = Math.min(S.n - 1, k + 16);
  const cand = keeper(size);
  // approximate scores, in the same order as the exact ones (cosine distance; squared euclidean)
  for (let j = 0; j < S.n; j++) {
    if (j === i) continue;
    const s = A[j] + dx * P[j] + dy * Q[j];
    const e = cos ? (vn === 0 ? 1 : 1 - s * inv[j] / vn) : sq[j] - 2 * s + vv;
    if (e < cand.worst) cand.add(j, e);
  }
  const qq = query(S, v), best = keeper(k);
  const seen = new Set();
  for (let r = 0; r < cand.count; r++) { seen.add(cand.idx[r]); best.add(cand.idx[r], exactDistance(S, cand.idx[r], qq)); }
  for (const j of S.moved.keys()) if (j !== i && !seen.has(j)) best.add(j, exactDistance(S, j, qq));
  // a row left out scored at least cand.worst, and its exact distance differs by rounding only
  const tol = cos ? 1e-6 : 1e-6 * (1 + vv + S.maxSq);
  const kth = best.count ? best.val[best.count - 1] : -Infinity, kthScore = cos ? kth : kth * kth;
  if (cand.count === S.n - 1 || cand.worst - tol > kthScore + tol) {
    return [Array.from(best.idx.subarray(0, best.count)), Array.from(best.val.subarray(0, best.count)), v];
  }
  return [...nearest(S, v, i, k), v];
}
