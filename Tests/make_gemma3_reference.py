#!/usr/bin/env python3
"""Writes Tests/SAEKitTests/Fixtures/gemma3/: the float reference that saescope's Gemma 3 runtime and SentencePiece
tokenizer are held to, from Hugging Face transformers loading the very GGUF saescope runs (gemma-3-270m-q4_k_m.gguf,
which transformers dequantizes to float32), with eager attention so the sliding window is applied as written.

    pip install 'torch==2.13.0+cpu' transformers accelerate gguf sentencepiece numpy
    python3 Tests/make_gemma3_reference.py PATH/TO/gemma-3-270m-q4_k_m.gguf [PATH/TO/llama-tokenize]

With llama.cpp's llama-tokenize given, every tokenizer text is also checked against llama.cpp's ids (they must agree).
Files: tokenizer.json (texts and ids); reference.json (per prompt: ids, the positions whose residuals are kept, the
vocabulary columns kept per position); resid_{P}_{L}.npy [positions, 640] (blocks.L.hook_resid_post);
logits_{P}.npy [tokens, columns] (the logits at each position's top 5 and at 32 fixed random ids); and the greedy
continuation of a short prompt (llama.cpp's llama-simple gives the same)."""
import json, os, subprocess, sys
import numpy as np
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "SAEKitTests", "Fixtures", "gemma3")
LAYERS = [5, 12]          # a global layer and a local one
RESID_STRIDE = 24         # keep every 24th position's residual, and the last one

TOKENIZER_TEXTS = [
    "Hello world! 123 4567 89.01",
    "  two spaces,   three,\ttab\n\nnew paragraph\n\n\n\nfour newlines   ",
    "def mean(xs):\n    return sum(xs) / len(xs)  # average\n\nprint(mean([1, 2, 3]))",
    "한국어 문장을 토큰으로 나눕니다. 서울은 한국의 수도입니다.",
    "Привет, мир! Съешь же ещё этих мягких французских булок.",
    "Emoji 🎉🚀 and a family 👨‍👩‍👧 with flags 🇫🇷 and skin tones 👋🏽.",
    "Café déjà vu, naïve façade, Ångström, straße, 東京タワー, 北京",
    "<div class=\"note\"><b>bold</b></div> and <start_of_turn> written out",
    "x=1;y=2;z=x**2+y**2 != 0 && a<b || c>=d",
    " leading space and trailing space ",
]

PROMPTS = {
    "short": "The lighthouse keeper climbed the stairs every evening to light the lamp.",
    "code": "import math\n\ndef circle_area(radius):\n    \"\"\"Area of a circle.\"\"\"\n    return math.pi * radius ** 2\n",
    "long": (
        "Travelling by train across a wide country is a slow pleasure. In the morning the windows show fields still "
        "wet with dew, farm buildings with red roofs, and small stations where nobody gets on. By noon the landscape "
        "has changed: hills rise on one side, a river follows the tracks for an hour, and the light turns hard and "
        "white. Passengers read, sleep, or talk quietly with strangers about where they are going and why. "
        "A good soup needs patience more than skill. Start by softening onions, carrots and celery in butter over a "
        "low flame until they smell sweet. Add garlic for a minute, then stock, a bay leaf and a handful of lentils. "
        "Let it simmer for forty minutes, taste it, add salt and pepper, and finish with lemon juice and parsley. "
        "Served with bread, it feeds four people on a cold night and tastes even better the next day. "
        "On a clear night far from city lights, the Milky Way is a pale river across the sky. Jupiter is often the "
        "brightest point after the Moon and Venus, and with binoculars you can see its four largest moons as tiny "
        "stars in a line. Saturn's rings need a small telescope. Meteor showers come at the same time each year, "
        "when the Earth passes through dust left by comets, and the best hours are after midnight. "
        "Learning a language as an adult is different from learning one as a child. Adults understand grammar rules "
        "quickly but hesitate to speak, afraid of mistakes. Children make mistakes constantly and do not mind. "
        "The most useful habit is daily practice: ten minutes of listening, a few sentences written by hand, and a "
        "short conversation whenever possible. Progress feels slow for months and then suddenly words arrive. "
        "A city park on Saturday morning is full of small scenes. A man teaches his daughter to ride a bicycle, "
        "running beside her with one hand on the seat. Two old friends play chess on a stone table. Runners pass "
        "in bright shirts, dogs pull at their leads, and a musician tunes a guitar under the trees while pigeons "
        "wait for crumbs near the café. By eleven the benches are full and the ice cream van has a queue. "
        "Writing a good email is mostly about respect for the reader's time. Put the request in the first "
        "sentence, explain only what is needed, and end with a clear next step. Long messages are often skimmed, "
        "so use short paragraphs. Before sending, read it once as the recipient would, and remove anything that "
        "sounds impatient. A friendly closing line costs nothing and makes the next exchange easier for everyone. "
        "Mountains make their own weather. A sunny morning at the foot of a peak can become a storm at the summit "
        "by early afternoon, so experienced hikers start before dawn and turn back when clouds gather, even close "
        "to the top. They carry water, a warm layer, a map, and something to eat, and they tell someone where "
        "they are going. The view from the ridge is worth the effort, but the descent is where most accidents happen."
    ),
}


def llama_ids(binary, path, text):
    with open("/tmp/gemma3_tokenize.txt", "w") as f:
        f.write(text)
    out = subprocess.run([binary, "-m", path, "-f", "/tmp/gemma3_tokenize.txt", "--ids", "--log-disable"],
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    return json.loads(out)


def main():
    path = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else None
    os.makedirs(OUT, exist_ok=True)
    folder, name = os.path.split(os.path.abspath(path))
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    cases = []
    for text in TOKENIZER_TEXTS:
        ids = tokenizer(text)["input_ids"]
        if binary:
            assert llama_ids(binary, path, text) == ids, f"llama.cpp and transformers disagree on {text!r}"
        cases.append({"text": text, "ids": ids})
    with open(os.path.join(OUT, "tokenizer.json"), "w") as f:
        json.dump({"model": name, "cases": cases}, f, ensure_ascii=False, indent=1)

    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32, attn_implementation="eager")
    model.eval()
    captured = {}
    for layer in LAYERS:
        model.model.layers[layer].register_forward_hook(
            lambda module, args, output, layer=layer: captured.__setitem__(layer, (output[0] if isinstance(output, tuple) else output)[0].detach().numpy()))
    rng = np.random.default_rng(3)
    fixed = sorted(int(i) for i in rng.choice(model.config.vocab_size, 32, replace=False))
    reference = {"model": name, "layers": LAYERS, "fixed_columns": fixed, "prompts": {}}
    for key, text in PROMPTS.items():
        ids = tokenizer(text)["input_ids"]
        if binary:
            assert llama_ids(binary, path, text) == ids
        with torch.no_grad():
            logits = model(torch.tensor([ids])).logits[0].numpy()
        positions = sorted(set(range(0, len(ids), RESID_STRIDE)) | {len(ids) - 1})
        for layer in LAYERS:
            np.save(os.path.join(OUT, f"resid_{key}_{layer}.npy"), captured[layer][positions].astype(np.float32))
        top = np.argsort(-logits, axis=1)[:, :5]
        columns = np.concatenate([top, np.tile(fixed, (len(ids), 1))], axis=1)
        np.save(os.path.join(OUT, f"logits_{key}.npy"), np.take_along_axis(logits, columns, axis=1).astype(np.float32))
        reference["prompts"][key] = {"text": text, "ids": ids, "resid_positions": positions, "top5": top.tolist()}
        print(key, len(ids), "tokens; top token at the last position:", int(top[-1, 0]), repr(tokenizer.decode([int(top[-1, 0])])))
    greedy_prompt = "The capital of France is"
    prompt_ids = tokenizer(greedy_prompt)["input_ids"]
    with torch.no_grad():
        continuation = model.generate(torch.tensor([prompt_ids]), max_new_tokens=16, do_sample=False)[0][len(prompt_ids):].tolist()
    reference["greedy"] = {"prompt": greedy_prompt, "ids": prompt_ids, "continuation": continuation,
                           "text": tokenizer.decode(continuation)}
    print("greedy:", repr(reference["greedy"]["text"]))
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(reference, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
