"""Frozen sentence embeddings of the distillation TEACHER (issue #19, eighth round; docs/models.md).

all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0): a 6-layer, 384-wide BERT, mean-pooled over the
tokens and L2-normalised, exactly as its sentence-transformers modules.json says (Transformer ->
Pooling(mean) -> Normalize). A plain numpy forward pass (no torch): the teacher never ships, it only
labels training rows, so this runs at training time only.

    python3 scripts/teacher/embed.py --model DIR --texts texts.jsonl --out emb.f32 [--max-len 128] [--batch 64]

texts.jsonl: one JSON string per line. emb.f32: float32 rows of 384 values, in input order.
Needs numpy, tokenizers and safetensors (pip install --user numpy tokenizers safetensors).
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

HIDDEN, HEADS, LAYERS, EPS = 384, 12, 6, 1e-12


def layer_norm(x, w, b):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + EPS) * w + b


def gelu(x):
    # BERT's gelu is the erf form (the tanh approximation would shift the embeddings a little).
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def erf(x):
    # Abramowitz-Stegun 7.1.26 is only 1.5e-7 accurate: good enough in float32 and fast in numpy.
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-a * a)
    return s * y


class MiniLM:
    def __init__(self, model_dir):
        t = load_file(os.path.join(model_dir, 'model.safetensors'))
        self.t = {k: v.astype(np.float32) for k, v in t.items()}
        # Weights pre-transposed and contiguous: (rows, in) @ (in, out) is one BLAS call; a 3-d input
        # times a transposed view ran 8 times slower.
        for k in list(self.t):
            if k.endswith('.weight') and self.t[k].ndim == 2 and k.startswith('encoder.'):
                self.t[k] = np.ascontiguousarray(self.t[k].T)
        self.tok = Tokenizer.from_file(os.path.join(model_dir, 'tokenizer.json'))
        # tokenizer.json pads every text to 128 tokens; pad each batch to its longest text instead
        # (the attention mask makes the result the same; a tweet averages 35 tokens).
        self.tok.no_padding()

    def p(self, name):
        return self.t[name]

    def encode(self, texts, max_len):
        self.tok.enable_truncation(max_len)
        self.tok.enable_padding(pad_id=0, pad_token='[PAD]')
        enc = self.tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        return ids, mask

    def forward(self, ids, mask):
        p = self.p
        n, L = ids.shape
        x = p('embeddings.word_embeddings.weight')[ids] + p('embeddings.position_embeddings.weight')[:L][None] \
            + p('embeddings.token_type_embeddings.weight')[0][None, None]
        x = layer_norm(x, p('embeddings.LayerNorm.weight'), p('embeddings.LayerNorm.bias'))
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        d = HIDDEN // HEADS
        for i in range(LAYERS):
            pre = f'encoder.layer.{i}.'
            lin = lambda h, name: (h.reshape(-1, h.shape[-1]) @ p(pre + name + '.weight')).reshape(n, L, -1) + p(pre + name + '.bias')
            heads = lambda h: h.reshape(n, L, HEADS, d).transpose(0, 2, 1, 3)
            q, k, v = heads(lin(x, 'attention.self.query')), heads(lin(x, 'attention.self.key')), heads(lin(x, 'attention.self.value'))
            s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            a = (s @ v).transpose(0, 2, 1, 3).reshape(n, L, HIDDEN)
            x = layer_norm(lin(a, 'attention.output.dense') + x, p(pre + 'attention.output.LayerNorm.weight'), p(pre + 'attention.output.LayerNorm.bias'))
            h = gelu(lin(x, 'intermediate.dense'))
            x = layer_norm(lin(h, 'output.dense') + x, p(pre + 'output.LayerNorm.weight'), p(pre + 'output.LayerNorm.bias'))
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def embed(self, texts, max_len=128, batch=64, log=None):
        # Sorted by length so that a batch pads little; written back in input order.
        self.tok.no_padding()
        self.tok.enable_truncation(max_len)
        lens = [len(e.ids) for e in self.tok.encode_batch(texts)]
        order = np.argsort(lens, kind='stable')
        out = np.zeros((len(texts), HIDDEN), dtype=np.float32)
        t0 = time.time()
        for s in range(0, len(texts), batch):
            rows = order[s:s + batch]
            ids, mask = self.encode([texts[r] for r in rows], max_len)
            out[rows] = self.forward(ids, mask)
            if log and (s // batch) % 50 == 0:
                log(f'{s + len(rows)}/{len(texts)} in {time.time() - t0:.0f} s')
        return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', required=True)
    ap.add_argument('--texts', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--max-len', type=int, default=128)
    ap.add_argument('--batch', type=int, default=64)
    a = ap.parse_args()
    with open(a.texts, encoding='utf-8') as f:
        texts = [json.loads(line) for line in f if line.strip()]
    m = MiniLM(a.model)
    emb = m.embed(texts, a.max_len, a.batch, log=lambda s: print(s, file=sys.stderr, flush=True))
    tmp = a.out + '.tmp'
    emb.astype('<f4').tofile(tmp)
    os.replace(tmp, a.out)
    print(f'{len(texts)} texts -> {a.out}', file=sys.stderr)


if __name__ == '__main__':
    main()
