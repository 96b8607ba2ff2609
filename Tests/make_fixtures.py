#!/usr/bin/env python3
"""Writes the dictionary fixtures the Swift tests read, with expected outputs computed here in NumPy.

This is the independent reference: the files are laid out as SAELens, sparsify and Gemma Scope write them
(docs/FORMATS.md §1-§3), the safetensors writer below is written from the format spec, and the expected activations and
reconstructions follow the published formulas, not the Swift code. Run from the repository root:
    python3 Tests/make_fixtures.py
"""
import json
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "SAEKitTests", "Fixtures")
D_IN, D_SAE, ROWS = 8, 24, 6
rng = np.random.default_rng(20261125)


def write_safetensors(path, tensors, metadata=None):
    """tensors: name -> (dtype string, numpy array already in that dtype's bytes)."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, (dtype, array) in sorted(tensors.items()):
        raw = np.ascontiguousarray(array).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def as_dtype(array, dtype):
    """Returns (stored array, the float64 values it really holds)."""
    a = np.asarray(array, dtype=np.float32)
    if dtype == "F32":
        return a, a.astype(np.float64)
    if dtype == "F16":
        h = a.astype(np.float16)
        return h, h.astype(np.float64)
    if dtype == "BF16":
        bits = (a.view(np.uint32) >> 16).astype(np.uint16)
        return bits, (bits.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    raise ValueError(dtype)


def weights(arch):
    w_dec = rng.normal(size=(D_SAE, D_IN))
    w_dec /= np.linalg.norm(w_dec, axis=1, keepdims=True)
    w_dec *= rng.uniform(0.5, 1.5, size=(D_SAE, 1))
    w = {
        "W_enc": w_dec.T + 0.1 * rng.normal(size=(D_IN, D_SAE)),
        "W_dec": w_dec,
        "b_dec": 0.1 * rng.normal(size=D_IN),
    }
    if arch == "gated":
        w["b_gate"] = 0.3 * rng.normal(size=D_SAE)
        w["r_mag"] = 0.3 * rng.normal(size=D_SAE)
        w["b_mag"] = 0.3 * rng.normal(size=D_SAE)
    else:
        w["b_enc"] = 0.3 * rng.normal(size=D_SAE)
    if arch == "jumprelu":
        w["threshold"] = rng.uniform(0.0, 0.6, size=D_SAE)
    return w


def norm_in(x, mode):
    if mode == "constant_norm_rescale":
        c = np.sqrt(x.shape[1]) / np.linalg.norm(x, axis=1, keepdims=True)
        return x * c, (lambda y: y / c)
    if mode == "layer_norm":
        mu = x.mean(axis=1, keepdims=True)
        sd = x.std(axis=1, ddof=1, keepdims=True)
        return (x - mu) / (sd + 1e-5), (lambda y: y * sd + mu)
    return x, (lambda y: y)


def reference(w, arch, x, k=None, rescale=False, apply_b_dec=True, mode="none", scaling=None, sparsify=False):
    xin, norm_out = norm_in(x, mode)
    if apply_b_dec:
        xin = xin - w["b_dec"]
    norms = np.linalg.norm(w["W_dec"], axis=1)
    if arch == "gated":
        gate = xin @ w["W_enc"] + w["b_gate"]
        mag = xin @ (w["W_enc"] * np.exp(w["r_mag"])) + w["b_mag"]
        f = (gate > 0) * np.maximum(mag, 0)
    else:
        pre = xin @ w["W_enc"] + w["b_enc"]
        if arch == "standard":
            f = np.maximum(pre, 0)
        elif arch == "jumprelu":
            f = np.maximum(pre, 0) * (pre > w["threshold"])
        elif arch == "topk":
            if sparsify:
                pre = np.maximum(pre, 0)
            if rescale:
                pre = pre * norms
            f = np.zeros_like(pre)
            idx = np.argsort(-pre, axis=1, kind="stable")[:, :k]
            np.put_along_axis(f, idx, np.maximum(np.take_along_axis(pre, idx, axis=1), 0), axis=1)
    g = f.copy()
    if arch == "topk" and rescale:
        g = g / norms
    if scaling is not None:
        g = g * scaling
    y = norm_out(g @ w["W_dec"] + w["b_dec"])
    return f, y


def save_expected(folder, x, f, y):
    np.save(os.path.join(folder, "x.npy"), x.astype(np.float32))
    np.save(os.path.join(folder, "expected_f.npy"), f.astype(np.float32))
    np.save(os.path.join(folder, "expected_xhat.npy"), y.astype(np.float32))


def saelens(name, arch, dtype="F32", v5=False, k=None, rescale=False, mode="none", sparsity=False, scaling=False):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    w = weights(arch)
    stored, exact = {}, {}
    for key, value in w.items():
        stored[key] = as_dtype(value, dtype)
        exact[key] = stored[key][1]
    scale_values = None
    if scaling:
        scale_values = rng.uniform(0.5, 2.0, size=D_SAE)
        stored["scaling_factor"] = as_dtype(scale_values, "F32")
        scale_values = stored["scaling_factor"][1]
    write_safetensors(os.path.join(folder, "sae_weights.safetensors"), {k_: (dtype, v[0]) for k_, v in stored.items()})
    hook = "blocks.3.hook_resid_post"
    if v5:
        cfg = {"architecture": "standard", "d_in": D_IN, "d_sae": D_SAE, "dtype": "torch.float32", "device": "cpu",
               "model_name": "tiny-test-model", "hook_point": hook, "hook_point_layer": 3, "hook_point_head_index": None,
               "apply_b_dec_to_input": True, "prepend_bos": True, "context_size": 128,
               "normalize_activations": mode if mode != "none" else False, "sae_lens_training_version": "3.5.0"}
        if arch == "topk":
            cfg["activation_fn_str"] = "topk"
            cfg["activation_fn_kwargs"] = {"k": k}
        elif arch != "standard":
            cfg["architecture"] = arch
    else:
        cfg = {"architecture": arch, "d_in": D_IN, "d_sae": D_SAE,
               "dtype": {"F32": "float32", "F16": "float16", "BF16": "bfloat16"}[dtype], "device": "cpu",
               "apply_b_dec_to_input": True, "normalize_activations": mode, "reshape_activations": "none",
               "metadata": {"model_name": "tiny-test-model", "hook_name": hook, "hook_head_index": None,
                            "context_size": 128, "prepend_bos": True, "sae_lens_version": "6.18.0",
                            "sae_lens_training_version": "6.18.0"}}
        if arch == "topk":
            cfg["k"] = k
            cfg["rescale_acts_by_decoder_norm"] = rescale
    with open(os.path.join(folder, "cfg.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    if sparsity:
        log_freq = np.log10(rng.uniform(0, 0.2, size=D_SAE) + 1e-10)
        log_freq[:3] = np.log10(1e-10)  # three dead features
        write_safetensors(os.path.join(folder, "sparsity.safetensors"), {"sparsity": ("F32", log_freq.astype(np.float32))})
    x = rng.normal(size=(ROWS, D_IN)) * 2 + 0.5
    x = x.astype(np.float32).astype(np.float64)
    f, y = reference(exact, arch, x, k=k, rescale=rescale, mode=mode, scaling=scale_values)
    save_expected(folder, x, f, y)


def sparsify(name, k):
    folder = os.path.join(OUT, name, "layers.3")
    os.makedirs(folder, exist_ok=True)
    w = weights("topk")
    stored = {"encoder.weight": as_dtype(w["W_enc"].T, "BF16"), "encoder.bias": as_dtype(w["b_enc"], "BF16"),
              "W_dec": as_dtype(w["W_dec"], "BF16"), "b_dec": as_dtype(w["b_dec"], "BF16")}
    write_safetensors(os.path.join(folder, "sae.safetensors"), {k_: ("BF16", v[0]) for k_, v in stored.items()})
    cfg = {"activation": "topk", "expansion_factor": 3, "normalize_decoder": True, "num_latents": 0, "k": k,
           "multi_topk": False, "skip_connection": False, "transcode": False, "d_in": D_IN}
    with open(os.path.join(folder, "cfg.json"), "w") as f:
        json.dump(cfg, f)
    with open(os.path.join(OUT, name, "config.json"), "w") as f:
        json.dump({"model": "tiny-test-model", "ctx_len": 128}, f)
    exact = {"W_enc": stored["encoder.weight"][1].T, "b_enc": stored["encoder.bias"][1],
             "W_dec": stored["W_dec"][1], "b_dec": stored["b_dec"][1]}
    x = (rng.normal(size=(ROWS, D_IN)) * 2).astype(np.float32).astype(np.float64)
    f, y = reference(exact, "topk", x, k=k, sparsify=True)
    save_expected(folder, x, f, y)


def gemma_scope(name, compressed):
    folder = os.path.join(OUT, name, "gemma-scope-2b-pt-res", "layer_3", "width_16k", "average_l0_5")
    os.makedirs(folder, exist_ok=True)
    w = {k_: v.astype(np.float32) for k_, v in weights("jumprelu").items()}
    (np.savez_compressed if compressed else np.savez)(os.path.join(folder, "params.npz"), **w)
    exact = {k_: v.astype(np.float64) for k_, v in w.items()}
    x = (rng.normal(size=(ROWS, D_IN)) * 2).astype(np.float32).astype(np.float64)
    f, y = reference(exact, "jumprelu", x, apply_b_dec=False)
    save_expected(folder, x, f, y)


def gemma_scope_2(folder, d_in, d_sae, config):
    """A Gemma Scope 2 folder as published (params.safetensors with lower-case w_enc/w_dec, config.json when given);
    JumpReLU with b_dec not subtracted from the input (SAELens's gemma_3 loader)."""
    folder = os.path.join(OUT, "gemmascope2", "gemma-scope-2-270m-pt", folder)
    os.makedirs(folder, exist_ok=True)
    w_dec = rng.normal(size=(d_sae, d_in))
    w_dec /= np.linalg.norm(w_dec, axis=1, keepdims=True)
    w = {"W_enc": (w_dec.T + 0.1 * rng.normal(size=(d_in, d_sae))).astype(np.float32), "W_dec": w_dec.astype(np.float32),
         "b_enc": (0.3 * rng.normal(size=d_sae)).astype(np.float32), "b_dec": (0.1 * rng.normal(size=d_in)).astype(np.float32),
         "threshold": rng.uniform(0.0, 0.6, size=d_sae).astype(np.float32)}
    write_safetensors(os.path.join(folder, "params.safetensors"),
                      {("w_enc" if k == "W_enc" else "w_dec" if k == "W_dec" else k): ("F32", v) for k, v in w.items()})
    if config is not None:
        with open(os.path.join(folder, "config.json"), "w") as f:
            json.dump(config, f)
    exact = {k: v.astype(np.float64) for k, v in w.items()}
    x = (rng.normal(size=(ROWS, d_in)) * 2).astype(np.float32).astype(np.float64)
    f, y = reference(exact, "jumprelu", x, apply_b_dec=False)
    save_expected(folder, x, f, y)


def main():
    saelens("saelens_standard", "standard", sparsity=True)
    saelens("saelens_jumprelu_f16", "jumprelu", dtype="F16")
    saelens("saelens_topk_rescale", "topk", k=5, rescale=True)
    saelens("saelens_gated_bf16", "gated", dtype="BF16")
    saelens("saelens_layernorm", "standard", mode="layer_norm")
    saelens("saelens_constnorm", "standard", mode="constant_norm_rescale")
    saelens("saelens_v5_topk", "topk", v5=True, k=4)
    saelens("saelens_v5_scaling", "standard", v5=True, scaling=True)
    sparsify("sparsify_run", k=4)
    gemma_scope("gemmascope", compressed=False)
    gemma_scope("gemmascope_compressed", compressed=True)
    gemma_scope_2("resid_post/layer_9_width_16k_l0_medium", 640, 48,
                  {"architecture": "jump_relu", "model_name": "google/gemma-3-270m", "hf_hook_point_in": "model.layers.9.output"})
    gemma_scope_2("mlp_out/layer_3_width_16k_l0_small", D_IN, D_SAE, None)


if __name__ == "__main__":
    main()
