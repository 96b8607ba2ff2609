#!/usr/bin/env python3
"""Writes Tests/SAEKitTests/Fixtures/neuronpedia/: Neuronpedia-style explanation exports for the sample's 4k dictionary,
laid out as Neuronpedia's export bucket documents them (docs.neuronpedia.org/api-and-data/exports): a source's
`explanations/` folder of `batch-N.jsonl.gz` files, one JSON object a line, gzipped (with a file name in the gzip
header, as Python's gzip writes it), and the same records as the JSON array that `/api/explanation/export` returns.
The records' fields follow Neuronpedia's explanation objects (modelId, layer, index as a string, description,
typeName, explanationModelName, …); nothing here was downloaded. Run from the repository root:
    python3 Tests/make_neuronpedia_fixture.py
"""
import gzip
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "SAEKitTests", "Fixtures", "neuronpedia")
EXPLANATIONS = {
    0: "punctuation and underscores in code identifiers",
    7: "Cyrillic letters, mostly in Russian words",
    12: "the word 'sub' and subscripts",
    100: "mentions of rivers and water",
    4095: "closing brackets at the end of a line",
}


def record(index, description, explainer, number):
    return {"id": f"clx{number:08d}", "modelId": "smollm2-135m", "layer": "14-res-4k", "index": str(index),
            "description": description, "authorId": "auto", "typeName": "oai_token-act-pair",
            "explanationModelName": explainer, "umap_x": None, "umap_y": None, "scores": [],
            "createdAt": "2026-11-30T00:00:00.000Z"}


def main():
    os.makedirs(os.path.join(OUT, "explanations"), exist_ok=True)
    records = [record(i, d, "gpt-4o-mini", n) for n, (i, d) in enumerate(EXPLANATIONS.items())]
    # A second explanation of feature 7 by another explainer: the first one read is kept.
    records.append(record(7, "Russian text", "claude-3-5-haiku", 99))
    for batch, part in enumerate([records[:3], records[3:]]):
        path = os.path.join(OUT, "explanations", f"batch-{batch}.jsonl.gz")
        with gzip.GzipFile(filename=f"batch-{batch}.jsonl", mode="wb", fileobj=open(path, "wb"), mtime=0) as out:
            out.write("".join(json.dumps(r) + "\n" for r in part).encode())
    with open(os.path.join(OUT, "export.json"), "w") as out:
        json.dump(records, out, indent=1)


if __name__ == "__main__":
    main()
