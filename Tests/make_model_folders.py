#!/usr/bin/env python3
"""Writes Tests/SAEKitTests/Fixtures/folders/{family}/: one tiny random-weight model per family as transformers
itself saves it (model/: config.json, model.safetensors or shards with model.safetensors.index.json, tokenizer.json,
tokenizer_config.json, generation_config.json; no GGUF, no tokenizer.model), in F32, F16 and BF16, with the float
reference saescope's folder loader is held to.

    python3 -m venv venv && venv/bin/pip install 'torch==2.13.0+cpu' transformers==4.57.6 tokenizers sentencepiece protobuf numpy
    venv/bin/python Tests/make_model_folders.py [FAMILY...]     (default: every family)

The families, tokenizers and weights are make_family_models.py's (a byte-level BPE trained with each family's
pre-tokenizer regex; Gemma's SentencePiece converted to tokenizer.json by transformers' GemmaTokenizerFast, as the
published Gemma tokenizer.json files were), plus Gemma 3 (gemma3_text) and Gemma 3 as its larger checkpoints are saved (gemma3mm: Gemma3ForConditionalGeneration,
the text model's config nested in text_config, its tensors under model.language_model., a tiny SigLIP vision tower
and projector beside it), and a Llama with Llama 2's tokenizer.json (a SentencePiece BPE with a dummy prefix converted
by transformers' LlamaTokenizerFast in its legacy form: Prepend and Replace normalizers, a Strip decoder). The reference is transformers' float32 forward pass
over the folder as saved (`from_pretrained(..., dtype=float32)`): exactly the stored weights.
Files beside model/: reference.json (tokenizer texts with the `tokenizers` library's ids, with and without the
post-processor's special tokens, and the library's decoding; prompts' ids), hooks_{P}.npy, z_{P}.npy, ln2_{P}.npy, logits_{P}.npy as
make_family_models.py writes them."""
import json, os, shutil, sys, tempfile
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_family_models as fm

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "SAEKitTests", "Fixtures", "folders")

# Hard text for the tokenizer: whitespace runs, digits, code, accents, CJK, emoji, special-token strings.
TOKENIZER_TEXTS = fm.TOKENIZER_TEXTS + [
    "<|endoftext|>Hello<|endoftext|> world",
    "<bos>Start<eos> and <unk> pieces",
    "tabs\t\tand\r\nwindows line ends\u00a0with a no-break space",
    "1234567890 3.14159 -42 1e-9 0x1F",
]

# (dtype, shard size) per family: every dtype, sharded and single files, tied and untied heads among them.
LAYOUTS = {
    "gpt2": (torch.float32, None),
    "gptneox": (torch.float16, None),
    "llama3": (torch.bfloat16, "20KB"),
    "qwen2": (torch.float32, None),
    "qwen3": (torch.bfloat16, None),
    "gemma2": (torch.float16, "30KB"),
    "gemma3": (torch.bfloat16, None),
    "gemma3mm": (torch.bfloat16, None),
    "llama2": (torch.float16, None),
}


def gemma_tokenizer(directory):
    """make_family_models' SentencePiece model as transformers converts it to tokenizer.json (GemmaTokenizerFast)."""
    from transformers import GemmaTokenizerFast
    with tempfile.TemporaryDirectory() as scratch:
        fm.sentencepiece_tokenizer(scratch)
        fast = GemmaTokenizerFast(vocab_file=os.path.join(scratch, "tokenizer.model"), add_bos_token=True, add_eos_token=False)
        fast.save_pretrained(directory)
    for name in ["tokenizer.model"]:
        path = os.path.join(directory, name)
        if os.path.exists(path):
            os.remove(path)
    return fast


def llama2_tokenizer(directory):
    """A SentencePiece BPE of 400 pieces with byte fallback and a dummy prefix, as Llama 2's, converted to tokenizer.json
    by LlamaTokenizerFast as the published Llama 2 and Mistral 7B files were (legacy: ▁ prepended to each text between
    added tokens, and stripped again when decoding)."""
    import sentencepiece as spm
    from transformers import LlamaTokenizerFast
    with tempfile.TemporaryDirectory() as scratch:
        corpus = os.path.join(scratch, "corpus.txt")
        with open(corpus, "w") as f:
            f.write(fm.TRAINING_TEXT)
        spm.SentencePieceTrainer.train(
            input=corpus, model_prefix=os.path.join(scratch, "tokenizer"), vocab_size=400, model_type="bpe",
            byte_fallback=True, add_dummy_prefix=True, split_digits=True, remove_extra_whitespaces=False,
            normalization_rule_name="identity", character_coverage=1.0, allow_whitespace_only_pieces=True,
            unk_id=0, bos_id=1, eos_id=2, pad_id=-1, unk_piece="<unk>", bos_piece="<s>", eos_piece="</s>",
            minloglevel=2, seed_sentencepiece_size=100000)
        fast = LlamaTokenizerFast(vocab_file=os.path.join(scratch, "tokenizer.model"), legacy=True, from_slow=True,
                                  add_prefix_space=True, add_bos_token=True, add_eos_token=False)
        fast.save_pretrained(directory)
    path = os.path.join(directory, "tokenizer.model")
    if os.path.exists(path):
        os.remove(path)
    return fast


def specs():
    from transformers import (Gemma3Config, Gemma3ForCausalLM, Gemma3ForConditionalGeneration, Gemma3TextConfig,
                              LlamaConfig, LlamaForCausalLM, SiglipVisionConfig)

    def text_config():
        return Gemma3TextConfig(
            vocab_size=400, max_position_embeddings=128, hidden_size=32, num_hidden_layers=7, num_attention_heads=4,
            num_key_value_heads=2, head_dim=8, intermediate_size=96, query_pre_attn_scalar=8, sliding_window=4,
            rope_theta=1000000.0, rope_local_base_freq=10000.0, final_logit_softcapping=None,
            attn_logit_softcapping=None, hidden_activation="gelu_pytorch_tanh", attn_implementation="eager")

    families = fm.families()
    families["gemma3"] = dict(
        pre=None, tokenizer=None, model=lambda: Gemma3ForCausalLM(text_config()),
        layers=lambda m: m.model.layers, mlp=lambda b: b.post_feedforward_layernorm,
        z=lambda b: b.self_attn.o_proj, ln2=lambda b: b.pre_feedforward_layernorm, gemma=True)
    families["gemma3mm"] = dict(
        pre=None, tokenizer=None,
        model=lambda: Gemma3ForConditionalGeneration(Gemma3Config(
            text_config=text_config().to_dict(),
            vision_config=SiglipVisionConfig(hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                                             num_attention_heads=2, image_size=28, patch_size=14).to_dict(),
            mm_tokens_per_image=4, boi_token_index=396, eoi_token_index=397, image_token_index=398,
            attn_implementation="eager")),
        layers=lambda m: m.model.language_model.layers, mlp=lambda b: b.post_feedforward_layernorm,
        z=lambda b: b.self_attn.o_proj, ln2=lambda b: b.pre_feedforward_layernorm, gemma=True)
    families["llama2"] = dict(
        pre=None, tokenizer=None, folder_tokenizer=llama2_tokenizer,
        model=lambda: LlamaForCausalLM(LlamaConfig(
            vocab_size=400, max_position_embeddings=128, bos_token_id=1, eos_token_id=2, hidden_size=32,
            num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, intermediate_size=96,
            rope_theta=10000.0, tie_word_embeddings=False)),
        layers=lambda m: m.model.layers, mlp=lambda b: b.mlp, z=lambda b: b.self_attn.o_proj,
        ln2=lambda b: b.post_attention_layernorm)
    return families


def main():
    torch.manual_seed(0)
    chosen = sys.argv[1:]
    for seed, (family, spec) in enumerate(specs().items()):
        if chosen and family not in chosen:
            continue
        dtype, shard = LAYOUTS[family]
        target = os.path.join(OUT, family)
        shutil.rmtree(target, ignore_errors=True)
        folder = os.path.join(target, "model")
        os.makedirs(folder)
        if spec.get("folder_tokenizer"):
            spec["folder_tokenizer"](folder)
        elif spec["tokenizer"] is None:
            gemma_tokenizer(folder)
        else:
            fm.save_byte_level(spec["tokenizer"](), folder)
        from tokenizers import Tokenizer
        tok = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
        model = spec["model"]()
        fm.randomize(model, 1000 + seed, gemma_norms=spec.get("gemma", False))
        model.eval()
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(p.to(dtype).to(torch.float32))
        saved = model.to(dtype)
        kwargs = {"max_shard_size": shard} if shard else {}
        saved.save_pretrained(folder, safe_serialization=True, **kwargs)
        # The reference is the folder as transformers loads it in float32 (rotary tables computed afresh, not
        # rounded with the weights).
        model = type(saved).from_pretrained(folder, dtype=torch.float32, attn_implementation="eager").eval()
        reference = {"family": family, "dtype": str(dtype).replace("torch.", ""), "tokenizer": [], "prompts": {}}
        for text in TOKENIZER_TEXTS:
            plain = tok.encode(text, add_special_tokens=False).ids
            reference["tokenizer"].append({"text": text, "ids": tok.encode(text).ids, "plain_ids": plain,
                                           "decoded": tok.decode(plain, skip_special_tokens=False)})
        for name, text in fm.PROMPTS.items():
            ids = tok.encode(text).ids
            hooks, zs, ln2s, logits = fm.hook_values(model, spec["layers"], spec["mlp"], spec["z"], spec["ln2"], ids)
            np.save(os.path.join(target, f"hooks_{name}.npy"), hooks)
            np.save(os.path.join(target, f"z_{name}.npy"), zs)
            np.save(os.path.join(target, f"ln2_{name}.npy"), ln2s)
            np.save(os.path.join(target, f"logits_{name}.npy"), logits)
            reference["prompts"][name] = {"text": text, "ids": ids}
        with open(os.path.join(target, "reference.json"), "w") as f:
            json.dump(reference, f, ensure_ascii=False, indent=1)
        size = sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder))
        print(f"{family}: {reference['dtype']}, {sorted(os.listdir(folder))}, {size} bytes")


if __name__ == "__main__":
    main()
