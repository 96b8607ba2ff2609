#!/usr/bin/env python3
"""Writes a model folder of SmolLM2-135M's shape with random weights, as transformers saves it, for scripts/bench-peers
to time saescope's folder path beside llama.cpp's F16 GGUF of the same weights.

    make-bench-folder.py SMOLLM2.gguf OUT_DIR [DTYPE]     (DTYPE: float16 (default) or bfloat16)

The shape and the tokenizer come from the SmolLM2 GGUF saescope already fetches (its vocabulary, merges and control
tokens, with SmolLM2's pre-tokenizer: single digits, then GPT-2's byte-level split), so llama.cpp's converter
recognises the tokenizer and both programs read the same prompt as the same ids. The weights are transformers' own
initialisation with a fixed seed. Needs torch, transformers and tokenizers, and llama.cpp's gguf-py on PYTHONPATH.
"""
import sys

import torch
from gguf import GGUFReader
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast


def field(reader, key):
    """The value of one metadata key: a scalar, a string or a list."""
    return reader.fields[key].contents()


def tokenizer_from(reader):
    """SmolLM2's byte-level BPE rebuilt from the GGUF's vocabulary and merges."""
    tokens = field(reader, "tokenizer.ggml.tokens")
    kinds = field(reader, "tokenizer.ggml.token_type")
    merges = [tuple(m.split(" ", 1)) for m in field(reader, "tokenizer.ggml.merges")]
    bpe = models.BPE(vocab={t: i for i, t in enumerate(tokens)}, merges=merges)
    tokenizer = Tokenizer(bpe)
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    tokenizer.post_processor = processors.ByteLevel(trim_offsets=False)
    tokenizer.decoder = decoders.ByteLevel()
    control = [t for t, kind in zip(tokens, kinds) if kind == 3]
    tokenizer.add_special_tokens(control)
    bos, eos, unk = (tokens[field(reader, f"tokenizer.ggml.{k}_token_id")] for k in ("bos", "eos", "unknown"))
    return PreTrainedTokenizerFast(tokenizer_object=tokenizer, bos_token=bos, eos_token=eos, unk_token=unk,
                                   pad_token=eos, add_bos_token=False)


def config_from(reader):
    """LlamaConfig with the GGUF's dimensions, tied embeddings as SmolLM2 has them."""
    return LlamaConfig(
        vocab_size=int(field(reader, "llama.vocab_size")),
        hidden_size=int(field(reader, "llama.embedding_length")),
        intermediate_size=int(field(reader, "llama.feed_forward_length")),
        num_hidden_layers=int(field(reader, "llama.block_count")),
        num_attention_heads=int(field(reader, "llama.attention.head_count")),
        num_key_value_heads=int(field(reader, "llama.attention.head_count_kv")),
        rope_theta=float(field(reader, "llama.rope.freq_base")),
        rms_norm_eps=float(field(reader, "llama.attention.layer_norm_rms_epsilon")),
        max_position_embeddings=int(field(reader, "llama.context_length")),
        tie_word_embeddings=True,
        bos_token_id=int(field(reader, "tokenizer.ggml.bos_token_id")),
        eos_token_id=int(field(reader, "tokenizer.ggml.eos_token_id")),
    )


def main():
    source, out = sys.argv[1], sys.argv[2]
    dtype = getattr(torch, sys.argv[3] if len(sys.argv) > 3 else "float16")
    reader = GGUFReader(source)
    torch.manual_seed(0)
    model = LlamaForCausalLM(config_from(reader)).to(dtype)
    model.save_pretrained(out)
    tokenizer_from(reader).save_pretrained(out)


if __name__ == "__main__":
    main()
