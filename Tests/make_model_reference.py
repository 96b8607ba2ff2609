#!/usr/bin/env python3
"""Independent float64 reference for saescope's Llama runtime, written from docs/FORMATS.md §4–§5 with NumPy only.

Usage: python3 Tests/make_model_reference.py MODEL.gguf > Tests/SAEKitTests/Fixtures/model_reference.json
It parses the GGUF itself, dequantizes F32/Q4_1/Q8_0 tensors, runs the forward pass on fixed token ids and writes the
last-position top-20 logits, the top-5 at every position, the residual stream after block 3 at a few positions, and a
greedy continuation.
"""
import json
import struct
import sys

import numpy as np

SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "B", 10: "Q", 11: "q", 12: "d"}


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, fmt):
        value = struct.unpack_from("<" + fmt, self.data, self.pos)[0]
        self.pos += struct.calcsize("<" + fmt)
        return value

    def string(self):
        n = self.take("Q")
        text = self.data[self.pos:self.pos + n].decode("utf-8")
        self.pos += n
        return text

    def value(self, kind):
        if kind == 8:
            return self.string()
        if kind == 9:
            inner, count = self.take("I"), self.take("Q")
            return [self.value(inner) for _ in range(count)]
        return self.take(SCALARS[kind])


def load(path):
    data = open(path, "rb").read()
    r = Reader(data)
    assert r.data[:4] == b"GGUF"
    r.pos = 8
    n_tensors, n_kv = r.take("Q"), r.take("Q")
    meta = {}
    for _ in range(n_kv):
        key = r.string()
        meta[key] = r.value(r.take("I"))
    infos = []
    for _ in range(n_tensors):
        name = r.string()
        dims = [r.take("Q") for _ in range(r.take("I"))]
        infos.append((name, dims, r.take("I"), r.take("Q")))
    align = meta.get("general.alignment", 32)
    start = (r.pos + align - 1) // align * align
    tensors = {}
    for name, dims, kind, offset in infos:
        count = int(np.prod(dims))
        raw = np.frombuffer(data, dtype=np.uint8, count=count // {0: 1, 3: 32, 8: 32}[kind] * {0: 4, 3: 20, 8: 34}[kind],
                            offset=start + offset)
        tensors[name] = dequantize(raw, kind, count).reshape(list(reversed(dims)))
    return meta, tensors


def dequantize(raw, kind, count):
    if kind == 0:
        return raw.view("<f4").astype(np.float64)
    if kind == 3:  # Q4_1: d, m (f16), 16 bytes; low nibbles are elements 0-15, high nibbles 16-31
        blocks = raw.reshape(-1, 20)
        d = blocks[:, 0:2].copy().view("<f2").astype(np.float64)
        m = blocks[:, 2:4].copy().view("<f2").astype(np.float64)
        qs = blocks[:, 4:]
        q = np.concatenate([qs & 0xF, qs >> 4], axis=1).astype(np.float64)
        return (d * q + m).reshape(count)
    if kind == 8:  # Q8_0: d (f16), 32 int8
        blocks = raw.reshape(-1, 34)
        d = blocks[:, 0:2].copy().view("<f2").astype(np.float64)
        q = blocks[:, 2:].copy().view(np.int8).astype(np.float64)
        return (d * q).reshape(count)
    raise ValueError(f"type {kind}")


def rms_norm(x, weight, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * weight


def rope(x, base):
    # x [n, heads, head_dim]; adjacent pairs (2i, 2i+1) rotate by p * base^(-2i/head_dim)
    n, _, hd = x.shape
    theta = base ** (-np.arange(0, hd, 2) / hd)
    angle = np.arange(n)[:, None] * theta[None, :]
    cos, sin = np.cos(angle)[:, None, :], np.sin(angle)[:, None, :]
    even, odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = even * cos - odd * sin
    out[..., 1::2] = even * sin + odd * cos
    return out


def forward(meta, t, ids, capture_layer):
    L = meta["llama.block_count"]
    heads, kv_heads = meta["llama.attention.head_count"], meta["llama.attention.head_count_kv"]
    eps, base = meta["llama.attention.layer_norm_rms_epsilon"], meta["llama.rope.freq_base"]
    emb = t["token_embd.weight"]
    h = emb[ids].copy()
    n, d = h.shape
    hd = d // heads
    captured = None
    mask = np.triu(np.full((n, n), -np.inf), 1)
    for layer in range(L):
        p = f"blk.{layer}."
        a = rms_norm(h, t[p + "attn_norm.weight"], eps)
        q = rope((a @ t[p + "attn_q.weight"].T).reshape(n, heads, hd), base)
        k = rope((a @ t[p + "attn_k.weight"].T).reshape(n, kv_heads, hd), base)
        v = (a @ t[p + "attn_v.weight"].T).reshape(n, kv_heads, hd)
        out = np.empty((n, heads, hd))
        for head in range(heads):
            g = head // (heads // kv_heads)
            scores = q[:, head] @ k[:, g].T / np.sqrt(hd) + mask
            w = np.exp(scores - scores.max(axis=1, keepdims=True))
            w /= w.sum(axis=1, keepdims=True)
            out[:, head] = w @ v[:, g]
        h = h + out.reshape(n, d) @ t[p + "attn_output.weight"].T
        m = rms_norm(h, t[p + "ffn_norm.weight"], eps)
        gate = m @ t[p + "ffn_gate.weight"].T
        h = h + (gate / (1 + np.exp(-gate)) * (m @ t[p + "ffn_up.weight"].T)) @ t[p + "ffn_down.weight"].T
        if layer == capture_layer:
            captured = h.copy()
    logits = rms_norm(h, t["output_norm.weight"], eps) @ t.get("output.weight", emb).T
    return logits, captured


def main():
    meta, tensors = load(sys.argv[1])
    # The chat-formatted "What is the capital of France?" (docs/FORMATS.md §5), then a plain sentence of 24 tokens.
    prompts = [[1, 4093, 198, 1780, 314, 260, 3575, 282, 4649, 47, 2, 198, 1, 520, 9531, 198]]
    layer, positions = 3, [0, 7, 15]
    logits, resid = forward(meta, tensors, prompts[0], layer)
    last = logits[-1]
    top20 = np.argsort(-last)[:20]
    greedy, ids = [], list(prompts[0])
    for _ in range(8):
        step, _ = forward(meta, tensors, ids, -1)
        nxt = int(np.argmax(step[-1]))
        if nxt in (0, 2, 4):
            break
        greedy.append(nxt)
        ids.append(nxt)
    json.dump({
        "about": "float64 NumPy reference from Tests/make_model_reference.py on SmolLM2-135M-Instruct.Q4_1.gguf",
        "prompt": prompts[0],
        "last_top20": [{"id": int(i), "logit": float(last[i])} for i in top20],
        "top5_by_position": [[{"id": int(i), "logit": float(row[i])} for i in np.argsort(-row)[:5]] for row in logits],
        "resid_post_layer": layer,
        "resid_post_positions": positions,
        "resid_post": [[float(v) for v in resid[p]] for p in positions],
        "greedy": greedy,
    }, sys.stdout)


if __name__ == "__main__":
    main()
