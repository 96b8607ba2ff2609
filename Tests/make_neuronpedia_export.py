#!/usr/bin/env python3
"""Writes Tests/SAEKitTests/Fixtures/neuronpedia_export/: Neuronpedia exports (docs/FORMATS.md §10, the rows its
export-data.py writes) for the tiny Llama 3 family dictionary (Fixtures/families/llama3/dictionary: 64 features at
blocks.0.hook_resid_post), made up here, nothing downloaded:

- full/: features/, activations/ and explanations/ folders of batch-N.jsonl.gz (gzip level 5); features 0-31 in
  batch 0 and 32-63 in batch 1, the activation records of each batch's features in the same batch number, in no
  particular order; explanations in batches of their own; `index` a string, as the exports write it.
- plain/: the same features and activations, with no explanations.

Token strings are the model's own tokens as Neuronpedia shows them (each token decoded alone), from the family's
tokenizer.json with the `tokenizers` library; the strongest record of feature 7 peaks on a string that is no token. Values, histograms and
logit effects are drawn from a fixed seed. Run from the repository root:
    python3 Tests/make_neuronpedia_export.py      (needs tokenizers)
"""
import gzip
import json
import os
import random
import shutil

from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "SAEKitTests", "Fixtures", "neuronpedia_export")
TOKENIZER = os.path.join(HERE, "SAEKitTests", "Fixtures", "folders", "llama3", "model", "tokenizer.json")
SOURCE = {"modelId": "tiny-llama3", "layer": "0-res-64"}
HOOK = "blocks.0.hook_resid_post"
TEXTS = [
    "The quick brown fox jumps over the lazy dog while the cat watches from the window.",
    "In 1969, astronauts landed on the Moon and walked on its dusty surface for hours.",
    "def add(a, b):\n    return a + b  # sum of two numbers\n",
    "Rivers flow into the sea; the water evaporates, forms clouds and falls again as rain.",
    "She bought apples, bread and cheese at the market before the storm arrived.",
]


def write_batch(folder, number, rows):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"batch-{number}.jsonl.gz")
    with open(path, "wb") as raw, gzip.GzipFile(filename=f"batch-{number}.jsonl", mode="wb", fileobj=raw, compresslevel=5,
                                                mtime=0) as out:
        out.write("".join(json.dumps(row) + "\n" for row in rows).encode())


def main():
    rng = random.Random(7)
    tok = Tokenizer.from_file(TOKENIZER)
    streams = [[tok.decode([i]) for i in tok.encode(text, add_special_tokens=False).ids] for text in TEXTS]
    vocabulary = [tok.decode([i]) for i in range(tok.get_vocab_size())]
    features, activations, explanations = {0: [], 1: []}, {0: [], 1: []}, []
    record_id = 0
    for index in range(64):
        batch = index // 32
        count = 0 if index % 16 == 5 else rng.randint(3, 25)  # some features have no records (dead)
        records = []
        for _ in range(count):
            stream = rng.choice(streams)
            start = rng.randrange(0, max(1, len(stream) - 24))
            tokens = stream[start:start + 24]
            values = [0.0 if rng.random() < 0.6 else round(rng.uniform(0, 4), 4) for _ in tokens]
            peak = rng.randrange(len(tokens))
            values[peak] = round(rng.uniform(2, 9), 4)
            peak = max(range(len(values)), key=lambda i: (values[i], -i))
            record_id += 1
            records.append({"id": f"act{record_id:06d}", **SOURCE, "index": str(index), "tokens": tokens, "values": values,
                            "maxValue": values[peak], "minValue": min(values), "maxValueTokenIndex": peak,
                            "dfaValues": [], "dfaMaxValue": None, "dfaTargetIndex": None,
                            "binContains": None, "binMin": -1, "binMax": -1, "dataSource": None, "creatorId": "auto"})
        if index == 7 and records:
            strongest = max(records, key=lambda r: r["maxValue"])
            strongest["tokens"][strongest["maxValueTokenIndex"]] = "\u2603not-a-token"
        activations[batch] += records
        top = max((r["maxValue"] for r in records), default=0.0)
        centres = [round(top * (i + 0.5) / 12, 4) for i in range(12)]
        heights = [rng.randint(0, 40) for _ in centres] if records else []
        neighbours = rng.sample([j for j in range(64) if j != index], 5)
        positive = rng.sample(range(len(vocabulary)), 10)
        negative = rng.sample(range(len(vocabulary)), 10)
        features[batch].append({
            **SOURCE, "index": str(index), "maxActApprox": top, "frac_nonzero": round(rng.uniform(0.0005, 0.05), 6) if records else 0,
            "freq_hist_data_bar_heights": heights, "freq_hist_data_bar_values": centres if records else [],
            "logits_hist_data_bar_heights": [], "logits_hist_data_bar_values": [],
            "pos_str": [vocabulary[i] for i in positive], "pos_values": sorted((round(rng.uniform(0.5, 3), 4) for _ in positive), reverse=True),
            "neg_str": [vocabulary[i] for i in negative], "neg_values": sorted(round(rng.uniform(-3, -0.5), 4) for _ in negative),
            # Neuronpedia lists the feature itself first (cosine 1), then its nearest.
            "topkCosSimIndices": [index] + neighbours, "topkCosSimValues": [1.0] + sorted((round(rng.uniform(0.1, 0.6), 4) for _ in neighbours), reverse=True),
            "hookName": HOOK, "sourceSetName": "res-64",
            "vector": [], "vectorLabel": None, "hasVector": False})
        if index % 3 == 0:
            explanations.append({"id": f"exp{index:04d}", **SOURCE, "index": str(index), "description": f"made-up explanation {index}",
                                 "typeName": "oai_token-act-pair", "explanationModelName": "gpt-4o-mini", "authorId": "auto"})
    shutil.rmtree(OUT, ignore_errors=True)
    for variant in ["full", "plain"]:
        root = os.path.join(OUT, variant)
        for batch in (0, 1):
            write_batch(os.path.join(root, "features"), batch, features[batch])
            shuffled = list(activations[batch])
            rng.shuffle(shuffled)
            write_batch(os.path.join(root, "activations"), batch, shuffled)
        if variant == "full":
            write_batch(os.path.join(root, "explanations"), 0, explanations[:10])
            write_batch(os.path.join(root, "explanations"), 1, explanations[10:])
    print(f"{OUT}: 64 features, {record_id} activation records, {len(explanations)} explanations")


if __name__ == "__main__":
    main()
