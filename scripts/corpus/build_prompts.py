#!/usr/bin/env python3
"""Writes the prompts `saescope corpus generate` gives the model: a few thousand topics from WordNet, each asked for in
two genres, mostly in English and some in other languages.

Called by `saescope corpus build` after the corpus script; it can also be run by hand:
    python3 build_prompts.py --out DIR

Topics come from Debian's wordnet-base (fetched with `apt-get download`, unpacked into DIR/packages, not installed):
- things: nouns whose first sense is tagged at least twice in WordNet's sense-tagged texts (once for foods, animals and
  plants, which are rarer there), across actions, artefacts, feelings, events, substances, people's roles, time…;
- places: every country, national capital and American state, and a seeded sample of cities, islands, rivers,
  mountains, lakes, deserts and national parks;
- landmarks: named bridges, towers, memorials, temples, palaces, skyscrapers, museums, cathedrals and dams;
- people: a seeded sample of named writers, poets, composers, painters, scientists, inventors, explorers and leaders.
Each topic gets two genres drawn (seeded) from those that suit its kind; about one prompt in eight asks for another
language. The prompts are shuffled with a fixed seed, so that any first part of them is a fair sample of the whole.

Output: DIR/prompts.jsonl, one {"id", "topic", "kind", "category", "genre", "language", "prompt"} object per line, and
a "prompts" entry in DIR/manifest.json (package version and checksum, counts by kind, genre and language).
"""
import argparse
import collections
import json
import os
import random
import sys

from build_corpus import unpack_package

WORDNET = ("wordnet-base", "1:3.0-37")
SEED = 20261203
LEXICOGRAPHER_FILES = ["adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
                       "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event",
                       "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object",
                       "noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
                       "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time"]
# Categories of common nouns used as topics, and the fewest sense-tagged uses a lemma's first sense needs.
THING_CATEGORIES = {name: 2 for name in ["act", "artifact", "attribute", "body", "cognition", "communication", "event",
                                          "feeling", "group", "location", "object", "person", "phenomenon", "possession",
                                          "process", "state", "substance", "time"]}
THING_CATEGORIES.update({"food": 1, "animal": 1, "plant": 1})
# Named places by their WordNet class: None takes all of them, a number a seeded sample of that many.
PLACES = {"country": None, "national_capital": None, "American_state": None, "city": 220, "island": 50, "river": 60,
          "mountain_peak": 30, "lake": 20, "desert": 15, "national_park": 25, "sea": 20, "range": 20}
LANDMARKS = ["suspension_bridge", "cantilever_bridge", "steel_arch_bridge", "tower", "memorial", "temple", "palace",
             "skyscraper", "museum", "cathedral", "dam", "statue", "mausoleum", "government_building", "building",
             "fortress", "canal", "ship_canal", "stock_exchange"]
PEOPLE = {"writer": 50, "poet": 30, "composer": 40, "painter": 35, "physicist": 30, "chemist": 20, "philosopher": 25,
          "mathematician": 20, "astronomer": 15, "inventor": 25, "explorer": 20, "architect": 15, "statesman": 30,
          "President_of_the_United_States": 42, "film_maker": 15, "sculptor": 10, "biologist": 15, "singer": 15}
GENRES = {
    "thing": {
        "encyclopedia": "Write an encyclopedia article about {topic}.",
        "textbook": "Write a section of a textbook for secondary school students that explains {topic}.",
        "how-to": "Write a practical guide with useful tips about {topic}.",
        "story": "Write a short story in which {topic} plays an important part.",
        "letter": "Write a friendly letter to a relative that mentions {topic}.",
        "dialogue": "Write a conversation between two friends about {topic}.",
        "blog": "Write a blog post sharing your experience with {topic}.",
        "news": "Write a short news report about something that happened involving {topic}.",
        "faq": "Write a list of frequently asked questions about {topic}, with answers.",
        "essay": "Write a short essay on why {topic} matters in everyday life.",
        "diary": "Write a diary entry about a day when {topic} was on your mind.",
    },
    "place": {
        "encyclopedia": "Write an encyclopedia article about {topic}.",
        "travel": "Write a travel guide for a first visit to {topic}.",
        "history": "Write a short history of {topic}.",
        "story": "Write a short story set in {topic}.",
        "letter": "Write a letter to a friend describing a trip to {topic}.",
        "blog": "Write a travel blog post about a week spent in {topic}.",
        "dialogue": "Write a conversation between a tourist and a local guide in {topic}.",
        "news": "Write a short local news report from {topic}.",
    },
    "landmark": {
        "encyclopedia": "Write an encyclopedia article about the {topic}.",
        "travel": "Write a visitor's guide to the {topic}.",
        "history": "Write the history of the {topic}.",
        "story": "Write a short story that takes place at the {topic}.",
        "letter": "Write a postcard message from someone visiting the {topic}.",
        "dialogue": "Write a conversation between two people seeing the {topic} for the first time.",
    },
    "person": {
        "biography": "Write a short biography of {topic}.",
        "encyclopedia": "Write an encyclopedia article about {topic}.",
        "interview": "Write an imagined interview with {topic}.",
        "lesson": "Write a lesson for students about the life and work of {topic}.",
        "story": "Write a short story in which a child learns about {topic}.",
    },
}
FOOD_GENRES = {"recipe": "Write a recipe that uses {topic}, with ingredients and steps."}
LANGUAGES = {"French": 4, "German": 4, "Spanish": 4, "Italian": 2, "Portuguese": 2}   # out of 128 prompts
ENGLISH_SHARE = 128 - sum(LANGUAGES.values())


def read_wordnet(folder):
    """{offset: (category, words, [(pointer, offset)])} from data.noun, and [(lemma, tagged uses, first offset)] from
    index.noun."""
    synsets = {}
    with open(os.path.join(folder, "data.noun"), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):   # the licence at the top
                continue
            fields = line.split(" | ")[0].split()
            count = int(fields[3], 16)
            words = [fields[4 + 2 * i] for i in range(count)]
            at = 4 + 2 * count
            pointers = [(fields[at + 1 + 4 * i], fields[at + 2 + 4 * i]) for i in range(int(fields[at]))]
            synsets[fields[0]] = (LEXICOGRAPHER_FILES[int(fields[1])].split(".")[1], words, pointers)
    lemmas = []
    with open(os.path.join(folder, "index.noun"), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split()
            pointer_count = int(fields[3])
            lemmas.append((fields[0], int(fields[5 + pointer_count]), fields[6 + pointer_count]))
    return synsets, lemmas


def readable(word):
    """A WordNet lemma as text: underscores as spaces, without a sense marker such as "(a)"."""
    return word.split("(")[0].replace("_", " ")


def topics(synsets, lemmas, rng):
    """[(topic, kind, category)] in a fixed order."""
    chosen = []
    for lemma, tagged, first in lemmas:
        category, words, _ = synsets[first]
        if category in THING_CATEGORIES and tagged >= THING_CATEGORIES[category] and not words[0][0].isupper():
            chosen.append((readable(lemma), "food" if category == "food" else "thing", category))
    instances = collections.defaultdict(list)
    for offset, (category, words, pointers) in sorted(synsets.items()):
        for pointer, target in pointers:
            if pointer == "@i":
                # People by their shortest full name ("Arthur Rimbaud", not "Rimbaud" or all four), places by their
                # first.
                full = [word for word in words if "_" in word and not word.startswith(("Sir_", "Dame_"))]
                name = min(full, key=len) if category == "person" and full else words[0]
                instances[synsets[target][1][0]].append(readable(name))
    countries = sorted(name for name in instances if name.endswith("_country"))

    def sample(names, count):
        names = sorted(set(names))
        return names if count is None or count >= len(names) else sorted(rng.sample(names, count))

    for kind, classes in (("place", {**PLACES, **{name: None for name in countries}}), ("landmark", dict.fromkeys(LANDMARKS)),
                          ("person", PEOPLE)):
        for name, count in classes.items():
            chosen += [(topic, kind, name) for topic in sample(instances[name], count)]
    seen, unique = set(), []
    for topic in chosen:
        if topic[0].lower() not in seen:
            seen.add(topic[0].lower())
            unique.append(topic)
    return unique


def prompts(chosen, rng):
    """Two prompts per topic, in two genres that suit it, shuffled."""
    result = []
    for topic, kind, category in chosen:
        genres = {**GENRES["thing"], **FOOD_GENRES} if kind == "food" else GENRES[kind]
        for genre in rng.sample(sorted(genres), 2):
            language = rng.choices(["English", *LANGUAGES], weights=[ENGLISH_SHARE, *LANGUAGES.values()])[0]
            text = genres[genre].format(topic=topic)
            if language != "English":
                text += f" Write it in {language}."
            result.append({"topic": topic, "kind": "thing" if kind == "food" else kind, "category": category,
                           "genre": genre, "language": language, "prompt": text})
    rng.shuffle(result)
    for i, prompt in enumerate(result):
        prompt["id"] = i
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    folder = os.path.join(args.out, "packages")
    os.makedirs(folder, exist_ok=True)
    version, checksum, unpacked = unpack_package(folder, *WORDNET)
    synsets, lemmas = read_wordnet(os.path.join(unpacked, "usr/share/wordnet"))
    rng = random.Random(SEED)
    written = prompts(topics(synsets, lemmas, rng), rng)
    path = os.path.join(args.out, "prompts.jsonl")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        for prompt in written:
            f.write(json.dumps(prompt, ensure_ascii=False, sort_keys=True) + "\n")
    os.replace(path + ".tmp", path)
    manifest_path = os.path.join(args.out, "manifest.json")
    manifest = json.load(open(manifest_path, encoding="utf-8")) if os.path.exists(manifest_path) else {}
    counts = {field: dict(sorted(collections.Counter(p[field] for p in written).items())) for field in ("kind", "genre", "language")}
    manifest["prompts"] = {"package": {"name": WORDNET[0], "version": version, "deb_sha256": checksum}, "seed": SEED,
                           "count": len(written), "topics": len({p["topic"] for p in written}), **counts}
    with open(manifest_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
    os.replace(manifest_path + ".tmp", manifest_path)
    print(f"prompts: {len(written)} prompts on {manifest['prompts']['topics']} topics → {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
