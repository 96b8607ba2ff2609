#!/usr/bin/env python3
"""Exports the dictionary fixtures with `saescope export --format saelens` into Tests/SAEKitTests/Fixtures/exported/,
then loads each folder with SAELens's own `SAE.load_from_disk` and writes what SAELens computes from it on the
source fixture's inputs (x.npy): `saelens_f.npy` (the features, encode) and `saelens_xhat.npy` (the reconstruction,
decode of encode). The Swift tests check that saescope still writes these exact folders and that saescope's own
encodings of the source dictionaries match SAELens's of the exported ones. Run from the repository root, in a
virtual environment with `pip install torch==2.13.0+cpu sae-lens` (written with sae-lens 6.54.12):
    python3 Tests/check_saelens_export.py .build/release/saescope
"""
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import torch
from sae_lens import SAE

ROOT = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(ROOT, "SAEKitTests", "Fixtures")
OUT = os.path.join(FIXTURES, "exported")
# Each exported folder's name, and the source fixture folder (which holds x.npy) relative to Fixtures/.
SOURCES = {
    "saelens_standard": "saelens_standard",
    "saelens_gated_bf16": "saelens_gated_bf16",
    "saelens_jumprelu_f16": "saelens_jumprelu_f16",
    "saelens_topk_rescale": "saelens_topk_rescale",
    "saelens_layernorm": "saelens_layernorm",
    "saelens_constnorm": "saelens_constnorm",
    "saelens_v5_scaling": "saelens_v5_scaling",
    "gemmascope": "gemmascope/gemma-scope-2b-pt-res/layer_3/width_16k/average_l0_5",
    "gemmascope2": "gemmascope2/gemma-scope-2-270m-pt/resid_post/layer_9_width_16k_l0_medium",
    "sparsify_topk": "sparsify_run/layers.3",
}


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/saescope"
    shutil.rmtree(OUT, ignore_errors=True)
    manifest = {}
    for name, source in SOURCES.items():
        folder = os.path.join(OUT, name)
        subprocess.run([binary, "export", "--dict", os.path.join(FIXTURES, source), "--format", "saelens", "--out", folder],
                       check=True, stdout=subprocess.DEVNULL)
        sae = SAE.load_from_disk(folder, device="cpu")
        x = torch.from_numpy(np.load(os.path.join(FIXTURES, source, "x.npy")).astype(np.float32))
        with torch.no_grad():
            f = sae.encode(x)
            xhat = sae.decode(f)
        np.save(os.path.join(folder, "saelens_f.npy"), f.numpy().astype(np.float32))
        np.save(os.path.join(folder, "saelens_xhat.npy"), xhat.numpy().astype(np.float32))
        manifest[name] = {"source": source, "architecture": sae.cfg.architecture(), "d_sae": sae.cfg.d_sae,
                          "active": int((f > 0).sum())}
        print(f"{name}: {sae.cfg.architecture()} d_in {sae.cfg.d_in} d_sae {sae.cfg.d_sae}, {int((f > 0).sum())} active")
    with open(os.path.join(OUT, "manifest.json"), "w") as out:
        json.dump({"sae_lens": __import__("sae_lens").__version__, "folders": manifest}, out, indent=1, sort_keys=True)
        out.write("\n")


if __name__ == "__main__":
    main()
