#!/usr/bin/env python3
"""Writes Tests/SAEKitTests/Fixtures/families/{family}/: one tiny random-weight model per GGUF architecture saescope
runs besides Gemma 3 (gpt2, gptneox, llama with Llama 3's tokenizer and RoPE scaling, qwen2, qwen3, gemma2), laid out
by llama.cpp's own converter, with the float reference that saescope is held to.

    python3 -m venv venv && venv/bin/pip install 'torch==2.13.0+cpu' transformers==4.57.6 tokenizers sentencepiece numpy
    venv/bin/pip install llama-cpp-python==0.3.36          # optional: llama.cpp's logits on the same files
    venv/bin/python Tests/make_family_models.py PATH/TO/llama.cpp   # the vendored tree of the llama-cpp-python sdist

For each family: a byte-level BPE (trained here with `tokenizers`, with the family's pre-tokenizer regex) or a
SentencePiece model (Gemma 2, trained with `sentencepiece`); a transformers model built from a config alone, its
weights drawn at random (seeded) and saved; `convert_hf_to_gguf.py` writes `model.gguf` (F32). The converter
recognises a vocabulary by hashing how it splits a test text, and a vocabulary trained here is not in its list, so
the family's `tokenizer.ggml.pre` name is given to it by hand; everything else is the converter's own layout.
Files: model.gguf; reference.json (tokenizer texts and ids; prompts' ids); hooks_{P}.npy [layers · 3 · tokens, width]
(row (layer·3 + k)·tokens + t: k = 0 hook_resid_pre, 1 hook_resid_post, 2 hook_mlp_out, as TransformerLens names
them); z_{P}.npy [layers · tokens, heads · head width] (attn.hook_z); ln2_{P}.npy [layers · tokens, width]
(ln2.hook_normalized, the MLP's normalised input, where transcoders read); logits_{P}.npy [tokens, vocabulary] from transformers (float32, eager attention); llamacpp_logits_{P}.npy from
llama.cpp when llama_cpp is installed; dictionary/ (a SAELens-layout dictionary at a middle block's resid_post)."""
import json, os, shutil, subprocess, sys, tempfile
import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "SAEKitTests", "Fixtures", "families")

GPT2_REGEX = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
LLAMA3_REGEX = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
QWEN2_REGEX = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""

TRAINING_TEXT = """The quick brown fox jumps over the lazy dog. A journey of a thousand miles begins with a single step.
In 1969, 3 astronauts flew 384,400 km to the Moon; the mission cost about $25.4 billion.
def add(a, b):\n    return a + b\n\nfor i in range(10):\n    print(i, add(i, i * 2))\n
Le petit café près de la gare ouvre à sept heures. Die Straße war nass, und die Kinder spielten draußen.
Москва — столица России. Он читал книгу весь вечер. 東京は日本の首都です。北京是中国的首都。
서울은 한국의 수도입니다. 😀 🚀 🎉 emoji are fun! It's, we're, they've, I'm, you'll, she'd, DON'T, WE'LL.
    indented   text   with   runs   of   spaces\t\ttabs\n\n\nand newlines.
""" * 3

TOKENIZER_TEXTS = [
    "Hello world! 123 4567 89.01",
    "  two spaces,   three,\ttab\n\nnew paragraph\n\n\n\nfour newlines   ",
    "def mean(xs):\n    return sum(xs) / len(xs)  # average\n\nprint(mean([1, 2, 3]))",
    "Café déjà vu, naïve façade, Ångström, straße",
    "東京タワー 北京 서울 Привет, мир!",
    "Emoji 🎉🚀 and a family 👨‍👩‍👧 with 👋🏽.",
    "It's DON'T we'LL they've I'M",
    " leading space and trailing space ",
]

PROMPTS = {
    "short": "The quick brown fox jumps over the lazy dog.",
    "mixed": "def add(a, b):\n    return a + b  # 1969: Le café, die Straße, Москва, 東京 😀",
}


def byte_level_tokenizer(regex, ignore_merges=False):
    """A byte-level BPE of 320 tokens trained on TRAINING_TEXT, split first by `regex` as the family does."""
    from tokenizers import Tokenizer, Regex, models, pre_tokenizers, decoders, trainers
    tok = Tokenizer(models.BPE(ignore_merges=ignore_merges))
    if regex == GPT2_REGEX:
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    else:
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(regex), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=320, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator([TRAINING_TEXT], trainer)
    return tok


def save_byte_level(tok, directory, bos=None):
    from transformers import PreTrainedTokenizerFast
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|endoftext|>",
                                   bos_token=bos or "<|endoftext|>", unk_token=None)
    fast.save_pretrained(directory)
    return fast


def sentencepiece_tokenizer(directory):
    """A SentencePiece BPE of 400 pieces with byte fallback, no dummy prefix and split digits, as Gemma's."""
    import sentencepiece as spm
    from transformers import GemmaTokenizer
    corpus = os.path.join(directory, "corpus.txt")
    with open(corpus, "w") as f:
        f.write(TRAINING_TEXT)
    spm.SentencePieceTrainer.train(
        input=corpus, model_prefix=os.path.join(directory, "tokenizer"), vocab_size=400, model_type="bpe",
        byte_fallback=True, add_dummy_prefix=False, split_digits=True, remove_extra_whitespaces=False,
        normalization_rule_name="identity", character_coverage=1.0, allow_whitespace_only_pieces=True,
        pad_id=0, eos_id=1, bos_id=2, unk_id=3, pad_piece="<pad>", eos_piece="<eos>", bos_piece="<bos>",
        unk_piece="<unk>", user_defined_symbols=[], minloglevel=2, seed_sentencepiece_size=100000)
    os.remove(corpus)
    os.remove(os.path.join(directory, "tokenizer.vocab"))
    tok = GemmaTokenizer(vocab_file=os.path.join(directory, "tokenizer.model"), add_bos_token=True, add_eos_token=False)
    tok.save_pretrained(directory)
    return tok


def randomize(model, seed, gemma_norms=False):
    """Weights drawn so that activations are of order one: matrices ~ N(0, 1/fan_in), norm weights near 1 (near 0
    for Gemma, whose norms add 1), biases ~ N(0, 0.1)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() >= 2:
                fan_in = p.shape[0] if "c_attn" in name or "c_fc" in name or "c_proj" in name else p.shape[-1]
                p.copy_(torch.randn(p.shape, generator=g) / fan_in ** 0.5)
            elif name.endswith(".weight") and ("norm" in name or ".ln_" in name or name.startswith("transformer.ln_")):
                base = 0.0 if gemma_norms else 1.0
                p.copy_(base + 0.2 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.1 * torch.randn(p.shape, generator=g))


def families():
    from transformers import (GPT2Config, GPT2LMHeadModel, GPTNeoXConfig, GPTNeoXForCausalLM, LlamaConfig,
                              LlamaForCausalLM, Qwen2Config, Qwen2ForCausalLM, Qwen3Config, Qwen3ForCausalLM,
                              Gemma2Config, Gemma2ForCausalLM)
    common = dict(vocab_size=320, max_position_embeddings=128, bos_token_id=0, eos_token_id=0)
    return {
        "gpt2": dict(pre="gpt-2", tokenizer=lambda: byte_level_tokenizer(GPT2_REGEX),
                     model=lambda: GPT2LMHeadModel(GPT2Config(vocab_size=320, n_positions=128, n_ctx=128, bos_token_id=0, eos_token_id=0, n_embd=32, n_layer=2,
                                                              n_head=4, activation_function="gelu_new")),
                     layers=lambda m: m.transformer.h, mlp=lambda b: b.mlp, z=lambda b: b.attn.c_proj, ln2=lambda b: b.ln_2),
        "gptneox": dict(pre="olmo", tokenizer=lambda: byte_level_tokenizer(GPT2_REGEX),
                        model=lambda: GPTNeoXForCausalLM(GPTNeoXConfig(**common, hidden_size=32, num_hidden_layers=2,
                                                                       num_attention_heads=4, intermediate_size=96,
                                                                       rotary_pct=0.5, hidden_act="gelu",
                                                                       use_parallel_residual=True, tie_word_embeddings=False)),
                        layers=lambda m: m.gpt_neox.layers, mlp=lambda b: b.mlp, z=lambda b: b.attention.dense,
                        ln2=lambda b: b.post_attention_layernorm),
        "llama3": dict(pre="llama-bpe", tokenizer=lambda: byte_level_tokenizer(LLAMA3_REGEX, ignore_merges=True),
                       model=lambda: LlamaForCausalLM(LlamaConfig(**common, hidden_size=32, num_hidden_layers=2,
                                                                  num_attention_heads=4, num_key_value_heads=2,
                                                                  intermediate_size=96, rope_theta=500000.0,
                                                                  tie_word_embeddings=False,
                                                                  rope_scaling={"rope_type": "llama3", "factor": 8.0,
                                                                                "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                                                                "original_max_position_embeddings": 32})),
                       layers=lambda m: m.model.layers, mlp=lambda b: b.mlp, z=lambda b: b.self_attn.o_proj,
                      ln2=lambda b: b.post_attention_layernorm),
        "qwen2": dict(pre="qwen2", tokenizer=lambda: byte_level_tokenizer(QWEN2_REGEX),
                      model=lambda: Qwen2ForCausalLM(Qwen2Config(**common, hidden_size=32, num_hidden_layers=2,
                                                                 num_attention_heads=4, num_key_value_heads=2,
                                                                 intermediate_size=96, rope_theta=1000000.0,
                                                                 rms_norm_eps=1e-6, tie_word_embeddings=True)),
                      layers=lambda m: m.model.layers, mlp=lambda b: b.mlp, z=lambda b: b.self_attn.o_proj,
                      ln2=lambda b: b.post_attention_layernorm),
        "qwen3": dict(pre="qwen2", tokenizer=lambda: byte_level_tokenizer(QWEN2_REGEX),
                      model=lambda: Qwen3ForCausalLM(Qwen3Config(**common, hidden_size=32, num_hidden_layers=2,
                                                                 num_attention_heads=4, num_key_value_heads=2, head_dim=16,
                                                                 intermediate_size=96, rope_theta=1000000.0,
                                                                 rms_norm_eps=1e-6, tie_word_embeddings=True)),
                      layers=lambda m: m.model.layers, mlp=lambda b: b.mlp, z=lambda b: b.self_attn.o_proj,
                      ln2=lambda b: b.post_attention_layernorm),
        "gemma2": dict(pre=None, tokenizer=None,
                       model=lambda: Gemma2ForCausalLM(Gemma2Config(vocab_size=400, max_position_embeddings=128,
                                                                    hidden_size=32, num_hidden_layers=4,
                                                                    num_attention_heads=4, num_key_value_heads=2,
                                                                    head_dim=8, intermediate_size=96,
                                                                    query_pre_attn_scalar=8, sliding_window=6,
                                                                    attn_logit_softcapping=50.0,
                                                                    final_logit_softcapping=30.0,
                                                                    hidden_activation="gelu_pytorch_tanh",
                                                                    attn_implementation="eager")),
                       layers=lambda m: m.model.layers, mlp=lambda b: b.post_feedforward_layernorm,
                       z=lambda b: b.self_attn.o_proj, ln2=lambda b: b.pre_feedforward_layernorm, gemma=True),
    }


def convert(llama_cpp, hf_dir, out_path, pre):
    """Runs llama.cpp's converter on `hf_dir`, telling it the pre-tokenizer's name."""
    script = f"""
import sys
sys.path.insert(0, {llama_cpp!r})
sys.argv = ["convert_hf_to_gguf.py", {hf_dir!r}, "--outfile", {out_path!r}, "--outtype", "f32"]
import conversion.base as base
if {pre!r} is not None:
    base.TextModel.get_vocab_base_pre = lambda self, tokenizer: {pre!r}
import runpy
runpy.run_path({os.path.join(llama_cpp, "convert_hf_to_gguf.py")!r}, run_name="__main__")
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=llama_cpp, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"convert_hf_to_gguf.py failed on {hf_dir}:\n{result.stderr[-3000:]}")


def hook_values(model, layers, mlp, z, ln2, ids):
    """hook_resid_pre, hook_resid_post and hook_mlp_out of every block, [layers · 3 · tokens, width]; attn.hook_z
    (the output projection's input), [layers · tokens, heads · head width]; ln2.hook_normalized (the MLP's normalised
    input), [layers · tokens, width]; and the logits."""
    blocks = layers(model)
    pre, post, mlp_out, heads, normalized = {}, {}, {}, {}, {}
    handles = []
    for i, block in enumerate(blocks):
        handles.append(block.register_forward_pre_hook(
            lambda mod, args, kwargs, i=i: pre.__setitem__(i, (args[0] if args else kwargs["hidden_states"])[0].clone()),
            with_kwargs=True))
        handles.append(block.register_forward_hook(
            lambda mod, args, out, i=i: post.__setitem__(i, (out[0] if isinstance(out, tuple) else out)[0].clone())))
        handles.append(mlp(block).register_forward_hook(
            lambda mod, args, out, i=i: mlp_out.__setitem__(i, out[0].clone())))
        handles.append(z(block).register_forward_pre_hook(
            lambda mod, args, i=i: heads.__setitem__(i, args[0][0].clone())))
        handles.append(ln2(block).register_forward_hook(
            lambda mod, args, out, i=i: normalized.__setitem__(i, out[0].clone())))
    with torch.no_grad():
        logits = model(torch.tensor([ids])).logits[0]
    for h in handles:
        h.remove()
    hooks = np.stack([np.stack([pre[i].numpy(), post[i].numpy(), mlp_out[i].numpy()]) for i in range(len(blocks))])
    zs = np.concatenate([heads[i].numpy() for i in range(len(blocks))])
    ln2s = np.concatenate([normalized[i].numpy() for i in range(len(blocks))])
    return (hooks.reshape(-1, hooks.shape[-1]).astype(np.float32), zs.astype(np.float32), ln2s.astype(np.float32),
            logits.numpy().astype(np.float32))


def write_dictionary(directory, family, layer, width, seed):
    """A 64-feature ReLU dictionary in SAELens's layout at blocks.{layer}.hook_resid_post, for the steering tests."""
    from safetensors.numpy import save_file
    rng = np.random.default_rng(seed)
    features = 64
    w_dec = rng.standard_normal((features, width)).astype(np.float32)
    w_dec /= np.linalg.norm(w_dec, axis=1, keepdims=True)
    tensors = {"W_enc": np.ascontiguousarray(w_dec.T * 0.5), "W_dec": w_dec,
               "b_enc": np.full(features, -0.1, dtype=np.float32), "b_dec": np.zeros(width, dtype=np.float32)}
    os.makedirs(directory, exist_ok=True)
    save_file(tensors, os.path.join(directory, "sae_weights.safetensors"))
    config = {"architecture": "standard", "d_in": width, "d_sae": features, "dtype": "float32", "device": "cpu",
              "apply_b_dec_to_input": True, "normalize_activations": "none", "reshape_activations": "none",
              "metadata": {"model_name": f"tiny-{family}", "hook_name": f"blocks.{layer}.hook_resid_post",
                           "hook_head_index": None, "context_size": 128, "prepend_bos": False}}
    with open(os.path.join(directory, "cfg.json"), "w") as f:
        json.dump(config, f, indent=1)


def llama_cpp_logits(path, ids):
    try:
        from llama_cpp import Llama
    except ImportError:
        return None
    llm = Llama(model_path=path, n_ctx=128, logits_all=True, verbose=False, n_threads=2)
    llm.eval(ids)
    return np.array(llm.scores[:len(ids)], dtype=np.float32)


def main():
    llama_cpp = os.path.abspath(sys.argv[1])
    torch.manual_seed(0)
    for seed, (family, spec) in enumerate(families().items()):
        target = os.path.join(OUT, family)
        os.makedirs(target, exist_ok=True)
        with tempfile.TemporaryDirectory() as scratch:
            hf_dir = os.path.join(scratch, f"tiny-{family}")   # the converter names the model after its folder
            os.makedirs(hf_dir)
            if spec["tokenizer"] is None:
                tokenizer = sentencepiece_tokenizer(hf_dir)
                encode = lambda text: tokenizer.encode(text, add_special_tokens=False)
                bos = [tokenizer.bos_token_id]
            else:
                tok = spec["tokenizer"]()
                tokenizer = save_byte_level(tok, hf_dir)
                encode = lambda text: tok.encode(text).ids
                bos = []
            model = spec["model"]()
            randomize(model, 1000 + seed, gemma_norms=spec.get("gemma", False))
            model.eval()
            model.save_pretrained(hf_dir)
            gguf_path = os.path.join(target, "model.gguf")
            convert(llama_cpp, hf_dir, gguf_path, spec["pre"])
            reference = {"family": family, "tokenizer": [], "prompts": {}}
            for text in TOKENIZER_TEXTS:
                reference["tokenizer"].append({"text": text, "ids": encode(text)})
            for name, text in PROMPTS.items():
                ids = bos + encode(text)
                hooks, zs, ln2s, logits = hook_values(model, spec["layers"], spec["mlp"], spec["z"], spec["ln2"], ids)
                np.save(os.path.join(target, f"hooks_{name}.npy"), hooks)
                np.save(os.path.join(target, f"z_{name}.npy"), zs)
                np.save(os.path.join(target, f"ln2_{name}.npy"), ln2s)
                np.save(os.path.join(target, f"logits_{name}.npy"), logits)
                peer = llama_cpp_logits(gguf_path, ids)
                if peer is not None:
                    np.save(os.path.join(target, f"llamacpp_logits_{name}.npy"), peer)
                    gap = np.abs(peer - logits).max() / np.abs(logits).max()
                    print(f"{family} {name}: llama.cpp vs transformers, max |Δ| / max |logit| = {gap:.2e}")
                reference["prompts"][name] = {"text": text, "ids": ids}
            layer = max(0, model.config.num_hidden_layers // 2 - 1)
            write_dictionary(os.path.join(target, "dictionary"), family, layer, model.config.hidden_size, 2000 + seed)
            with open(os.path.join(target, "reference.json"), "w") as f:
                json.dump(reference, f, ensure_ascii=False, indent=1)
        print(f"{family}: {os.path.getsize(gguf_path)} bytes")


if __name__ == "__main__":
    main()
