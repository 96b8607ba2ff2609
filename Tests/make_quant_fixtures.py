#!/usr/bin/env python3
"""Writes Tests/SAEKitTests/Fixtures/quant/{TYPE}.bin (random blocks of each GGUF tensor type) and {TYPE}.npy (those
blocks as the `gguf` package dequantizes them, float32), so that saescope's dequantizers are held to gguf-py's
(which mirrors ggml) bit for bit. Needs `pip install gguf numpy` (written with gguf 0.19.0)."""
import os
import numpy as np
from gguf import GGMLQuantizationType as T, GGML_QUANT_SIZES
from gguf.quants import dequantize

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "SAEKitTests", "Fixtures", "quant")
rng = np.random.default_rng(20261201)
BLOCKS = 16


def half(low, high):
    return np.float16(rng.uniform(low, high)).tobytes()


def block(qtype):
    """One block of `qtype` with random quants and scale fields of sane size (no NaN or infinity)."""
    raw = lambda n: rng.integers(0, 256, n, dtype=np.uint8).tobytes()
    if qtype == T.F32:
        return np.float32(rng.normal()).tobytes()
    if qtype == T.F16:
        return np.float16(rng.normal()).tobytes()
    if qtype == T.BF16:
        return (np.float32(rng.normal()).view(np.uint32) >> 16).astype(np.uint16).tobytes()
    if qtype == T.Q4_0:
        return half(-0.2, 0.2) + raw(16)
    if qtype == T.Q4_1:
        return half(0, 0.2) + half(-1, 0) + raw(16)
    if qtype == T.Q5_0:
        return half(-0.1, 0.1) + raw(4) + raw(16)
    if qtype == T.Q5_1:
        return half(0, 0.1) + half(-1, 0) + raw(4) + raw(16)
    if qtype == T.Q8_0:
        return half(-0.05, 0.05) + raw(32)
    if qtype == T.Q4_K:
        return half(0, 0.05) + half(0, 0.05) + raw(12) + raw(128)
    if qtype == T.Q5_K:
        return half(0, 0.05) + half(0, 0.05) + raw(12) + raw(32) + raw(128)
    if qtype == T.Q6_K:
        return raw(128) + raw(64) + raw(16) + half(-0.01, 0.01)
    raise ValueError(qtype)


def main():
    os.makedirs(OUT, exist_ok=True)
    for qtype in (T.F32, T.F16, T.BF16, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0, T.Q4_K, T.Q5_K, T.Q6_K):
        length, size = GGML_QUANT_SIZES[qtype]
        count = BLOCKS * (256 // length if length > 1 else 1) if length < 256 else BLOCKS
        raw = b"".join(block(qtype) for _ in range(count))
        assert len(raw) == count * size
        values = dequantize(np.frombuffer(raw, dtype=np.uint8).reshape(1, -1), qtype).astype(np.float32).reshape(-1)
        assert values.size == count * length and np.isfinite(values).all()
        with open(os.path.join(OUT, qtype.name + ".bin"), "wb") as f:
            f.write(raw)
        np.save(os.path.join(OUT, qtype.name + ".npy"), values)
        print(qtype.name, count, "blocks", values.size, "values")


if __name__ == "__main__":
    main()
