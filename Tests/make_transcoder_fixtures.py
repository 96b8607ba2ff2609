#!/usr/bin/env python3
"""Writes Tests/SAEKitTests/Fixtures/transcoders/: two small transcoders on the tiny family models
(Tests/make_family_models.py), laid out as they are published, with SAELens's own encodings and outputs of them.

    python3 -m venv venv && venv/bin/pip install 'torch==2.13.0+cpu' sae-lens==6.54.12
    venv/bin/python Tests/make_transcoder_fixtures.py

- gemma-scope-2-tiny-pt/transcoder/layer_1_width_48_l0_small_affine/: Gemma Scope 2's layout (params.safetensors with
  w_enc [d_in, d_sae], w_dec [d_sae, d_out], b_enc, b_dec, threshold, affine_skip_connection [d_in, d_out]; config.json)
  on the tiny Gemma 2 model (width 32), reading the MLP's normalised input of block 1 and writing its output. SAELens's
  Gemma 3 loader reads it (its Hugging Face download pointed at this folder) and its JumpReLUSkipTranscoder runs it.
- qwen3-transcoder/: a JumpReLU transcoder without skip saved by SAELens itself (cfg.json, sae_weights.safetensors)
  on the tiny Qwen 3 model, at block 0.
Each has expected.npz: `inputs` (the family's ln2.hook_normalized rows of that block on the prompt "mixed", from
transformers), `features` (SAELens's encode) and `outputs` (its forward: the transcoder's prediction of hook_mlp_out).
Weights are drawn at random (seeded); thresholds are set so that about a sixth of the features fire."""
import json, os
import numpy as np
import torch
from safetensors.numpy import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
FAMILIES = os.path.join(HERE, "SAEKitTests", "Fixtures", "families")
OUT = os.path.join(HERE, "SAEKitTests", "Fixtures", "transcoders")
FEATURES = 48


def inputs(family, layer):
    """The family's ln2.hook_normalized rows of block `layer` on the prompt "mixed" (rows are layer · tokens + t)."""
    rows = np.load(os.path.join(FAMILIES, family, "ln2_mixed.npy"))
    layers = {"gemma2": 4, "qwen3": 2}[family]
    tokens = rows.shape[0] // layers
    return rows[layer * tokens:(layer + 1) * tokens]


def weights(x, d_out, seed, skip):
    """Random transcoder weights for inputs like `x`, with thresholds at each feature's 83rd percentile."""
    rng = np.random.default_rng(seed)
    d_in = x.shape[1]
    w_enc = (rng.standard_normal((d_in, FEATURES)) / d_in ** 0.5).astype(np.float32)
    b_enc = (0.1 * rng.standard_normal(FEATURES)).astype(np.float32)
    pre = x @ w_enc + b_enc
    threshold = np.maximum(np.percentile(pre, 83, axis=0), 0.01).astype(np.float32)
    w_dec = rng.standard_normal((FEATURES, d_out)).astype(np.float32)
    w_dec /= np.linalg.norm(w_dec, axis=1, keepdims=True)
    tensors = {"w_enc": w_enc, "w_dec": w_dec, "b_enc": b_enc, "threshold": threshold,
               "b_dec": (0.1 * rng.standard_normal(d_out)).astype(np.float32)}
    if skip:
        tensors["affine_skip_connection"] = (0.1 * rng.standard_normal((d_in, d_out))).astype(np.float32)
    return tensors


def save_expected(directory, sae, x):
    with torch.no_grad():
        t = torch.tensor(x)
        features = sae.encode(t).numpy()
        outputs = sae(t).numpy()
    np.savez(os.path.join(directory, "expected.npz"), inputs=x, features=features, outputs=outputs)
    fired = (features > 0).sum(axis=1)
    print(f"{os.path.relpath(directory, OUT)}: {x.shape[0]} rows, {fired.mean():.1f} features fire per row on average")


def gemma_scope_2():
    import sae_lens.loading.pretrained_sae_loaders as loaders
    from sae_lens.saes.transcoder import JumpReLUSkipTranscoder
    repo, folder = "google/gemma-scope-2-tiny-pt", "transcoder/layer_1_width_48_l0_small_affine"
    directory = os.path.join(OUT, "gemma-scope-2-tiny-pt", folder)
    os.makedirs(directory, exist_ok=True)
    x = inputs("gemma2", 1)
    save_file(weights(x, 32, 11, skip=True), os.path.join(directory, "params.safetensors"))
    with open(os.path.join(directory, "config.json"), "w") as f:
        json.dump({"architecture": "jump_relu", "model_name": "tiny-gemma2",
                   "hf_hook_point_in": "model.layers.1.pre_feedforward_layernorm.output",
                   "hf_hook_point_out": "model.layers.1.post_feedforward_layernorm.output",
                   "affine_connection": True}, f, indent=1)

    # SAELens's own loader, its downloads answered from this folder.
    def local(repo_id, filename=None, subfolder=None, **_):
        path = os.path.join(subfolder, filename) if subfolder else filename
        return os.path.join(OUT, "gemma-scope-2-tiny-pt", path)
    def shapes(repo_id, filename):
        from safetensors import safe_open
        with safe_open(local(repo_id, filename), "np") as f:
            return {k: list(f.get_slice(k).get_shape()) for k in f.keys()}
    loaders.hf_hub_download = local
    loaders.get_safetensors_tensor_shapes = shapes
    cfg, state, _ = loaders.gemma_3_sae_huggingface_loader(repo, folder)
    assert cfg["architecture"] == "jumprelu_skip_transcoder", cfg["architecture"]
    sae = JumpReLUSkipTranscoder.from_dict(cfg)
    sae.load_state_dict(state)
    sae.eval()
    save_expected(directory, sae, x)


def saelens_saved():
    from sae_lens.saes.transcoder import JumpReLUTranscoder
    directory = os.path.join(OUT, "qwen3-transcoder")
    os.makedirs(directory, exist_ok=True)
    x = inputs("qwen3", 0)
    w = weights(x, 32, 12, skip=False)
    sae = JumpReLUTranscoder.from_dict({
        "architecture": "jumprelu_transcoder", "d_in": 32, "d_sae": FEATURES, "d_out": 32, "dtype": "float32",
        "device": "cpu", "apply_b_dec_to_input": False, "normalize_activations": "none",
        "metadata": {"model_name": "tiny-qwen3", "hook_name": "blocks.0.ln2.hook_normalized"}})
    sae.load_state_dict({"W_enc": torch.tensor(w["w_enc"]), "W_dec": torch.tensor(w["w_dec"]),
                         "b_enc": torch.tensor(w["b_enc"]), "b_dec": torch.tensor(w["b_dec"]),
                         "threshold": torch.tensor(w["threshold"])})
    sae.eval()
    sae.save_model(directory)
    save_expected(directory, sae, x)


if __name__ == "__main__":
    torch.manual_seed(0)
    gemma_scope_2()
    saelens_saved()
