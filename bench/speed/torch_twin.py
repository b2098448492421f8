#!/usr/bin/python3
"""PyTorch twins of Seq2Seq Studio's models, for bench/speed.

Sizes with "model": "transformer" (sizes.json) build TransformerTwin: vaswani2017 as nn.Transformer
(norm_first=True, i.e. pre-norm, with the final encoder and decoder norms, as ours), sinusoidal positions,
embeddings scaled by sqrt(D), separate source/target embeddings and an untied output layer, no dropout.
Its decoding is nn.Transformer's usual one: the decoder re-reads the whole prefix at every step (it
keeps no key/value cache; ours does). Parameter counts equal ours (checked by bench.mjs).

The other sizes build Twin, the attention model, with the same architecture and step order as
src/core/model (bahdanau-style config of bench/speed/run.ts):
  * source embedding -> bidirectional GRU encoder (PyTorch GRU convention = ours: gates [r|z|n],
    r scales (W_hn h + b_hn));
  * bridge s_0 = tanh(W [h_fwd_last; h_bwd_first] + b);
  * additive attention e_tj = v^T tanh(W_a s_{t-1} + b_a + U_a h_j), keys U_a h once per batch;
    the query is the PREVIOUS decoder state;
  * decoder GRUCell input [emb(y_{t-1}); c_t], output layer Linear([s_t; c_t]) over all steps at once;
  * mean token cross-entropy, Adam 1e-3, gradient-norm clipping at 5 (as ClippedAdam).
Parameter count equals ours exactly (checked by bench.mjs).

Usage: OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/speed/torch_twin.py --size reference
         [--threads 1] [--steps 10] [--warmup 2] [--decode 10] [--lines N] [--out file.json]
Prints one JSON line.
"""
import argparse
import json
import math
import os
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

D = os.path.dirname(os.path.abspath(__file__))
p = argparse.ArgumentParser()
p.add_argument('--size', default='small')
p.add_argument('--threads', type=int, default=1)
p.add_argument('--steps', type=int, default=10)
p.add_argument('--warmup', type=int, default=2)
p.add_argument('--decode', type=int, default=10)
p.add_argument('--lines', type=int, default=0)
p.add_argument('--out', default='')
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
SZ = json.load(open(os.path.join(D, 'sizes.json')))[a.size]
V, B, S, T = (SZ[k] for k in ('V', 'B', 'S', 'T'))
LINES = a.lines or SZ['lines']
TRANSFORMER = SZ.get('model') == 'transformer'


class Twin(nn.Module):
    def __init__(self):
        E, H, A = SZ['E'], SZ['H'], SZ['A']
        super().__init__()
        self.embS = nn.Embedding(V, E)
        self.embT = nn.Embedding(V, E)
        self.enc = nn.GRU(E, H, bidirectional=True)  # time-major, as ours
        self.bridge = nn.Linear(2 * H, H)
        self.Ua = nn.Linear(2 * H, A, bias=False)
        self.Wa = nn.Linear(H, A)
        self.va = nn.Linear(A, 1, bias=False)
        self.cell = nn.GRUCell(E + 2 * H, H)
        self.out = nn.Linear(3 * H, V)

    def encode(self, src):  # src [S, B]
        enc, hn = self.enc(self.embS(src))  # enc [S, B, 2H], hn [2, B, H]
        s0 = torch.tanh(self.bridge(torch.cat([hn[0], hn[1]], 1)))
        values = enc.transpose(0, 1)  # [B, S, 2H]
        return values, self.Ua(values), s0

    def step(self, y_emb, s, values, keys):
        e = torch.tanh(keys + self.Wa(s).unsqueeze(1))  # query = previous state
        alpha = torch.softmax(self.va(e).squeeze(2), 1)  # [B, S]
        ctx = torch.bmm(alpha.unsqueeze(1), values).squeeze(1)  # [B, 2H]
        s = self.cell(torch.cat([y_emb, ctx], 1), s)
        return s, ctx

    def forward(self, src, tin):  # tin [T, B]
        values, keys, s = self.encode(src)
        embs = self.embT(tin)
        outs = []
        for t in range(tin.shape[0]):
            s, ctx = self.step(embs[t], s, values, keys)
            outs.append(torch.cat([s, ctx], 1))
        return self.out(torch.cat(outs, 0))  # [T*B, V]

    @torch.no_grad()
    def greedy(self, src, steps, bos=1):
        values, keys, s = self.encode(src)
        y = torch.full((src.shape[1],), bos, dtype=torch.long)
        ys = []
        for _ in range(steps):
            s, ctx = self.step(self.embT(y), s, values, keys)
            y = torch.log_softmax(self.out(torch.cat([s, ctx], 1)), 1).argmax(1)
            ys.append(y)
        return torch.stack(ys, 1)

    @torch.no_grad()
    def beam(self, src, steps, k=5, bos=1):  # one source, k hypotheses
        values, keys, s = self.encode(src)
        values, keys, s = values.expand(k, -1, -1), keys.expand(k, -1, -1), s.expand(k, -1)
        score = torch.full((k,), -1e9)
        score[0] = 0
        y = torch.full((k,), bos, dtype=torch.long)
        hist = torch.zeros(k, 0, dtype=torch.long)
        for _ in range(steps):
            s, ctx = self.step(self.embT(y), s, values, keys)
            lp = torch.log_softmax(self.out(torch.cat([s, ctx], 1)), 1)
            top, ti = (score.unsqueeze(1) + lp).view(-1).topk(k)
            parent, y = ti // V, ti % V
            score, s = top, s[parent]
            hist = torch.cat([hist[parent], y.unsqueeze(1)], 1)
        return hist[0]


def sinusoids(length, d):
    """PE(p, 2i) = sin(p / 10000^(2i/d)), PE(p, 2i+1) = cos(...), as src/core/model/transformer/positions.ts."""
    p = torch.arange(length, dtype=torch.float32).unsqueeze(1)
    angle = p / torch.pow(10000.0, torch.arange(0, d, 2, dtype=torch.float32) / d)
    pe = torch.zeros(length, d)
    pe[:, 0::2], pe[:, 1::2] = torch.sin(angle), torch.cos(angle)
    return pe


class TransformerTwin(nn.Module):
    def __init__(self):
        super().__init__()
        self.d = SZ['D']
        self.embS = nn.Embedding(V, self.d)
        self.embT = nn.Embedding(V, self.d)
        self.core = nn.Transformer(d_model=self.d, nhead=SZ['heads'], num_encoder_layers=SZ['L'],
                                   num_decoder_layers=SZ['L'], dim_feedforward=SZ['F'], dropout=0.0,
                                   norm_first=True)  # time-major [T, B, D], as our batches
        self.out = nn.Linear(self.d, V)
        self.register_buffer('pe', sinusoids(max(S, T) + 1, self.d), persistent=False)

    def embed(self, table, ids):  # ids [T, B] -> [T, B, D]
        return table(ids) * math.sqrt(self.d) + self.pe[:ids.shape[0]].unsqueeze(1)

    def forward(self, src, tin):
        mask = nn.Transformer.generate_square_subsequent_mask(tin.shape[0])
        h = self.core(self.embed(self.embS, src), self.embed(self.embT, tin), tgt_mask=mask)
        return self.out(h).reshape(-1, V)  # [T*B, V]

    def encode(self, src):
        return self.core.encoder(self.embed(self.embS, src))

    def next_log_probs(self, memory, prefix):  # prefix [t, N]: the whole prefix again at every step
        mask = nn.Transformer.generate_square_subsequent_mask(prefix.shape[0])
        h = self.core.decoder(self.embed(self.embT, prefix), memory, tgt_mask=mask)
        return torch.log_softmax(self.out(h[-1]), 1)

    @torch.no_grad()
    def greedy(self, src, steps, bos=1):
        memory = self.encode(src)
        prefix = torch.full((1, src.shape[1]), bos, dtype=torch.long)
        for _ in range(steps):
            y = self.next_log_probs(memory, prefix).argmax(1)
            prefix = torch.cat([prefix, y.unsqueeze(0)], 0)
        return prefix[1:].t()

    @torch.no_grad()
    def beam(self, src, steps, k=5, bos=1):  # one source, k hypotheses
        memory = self.encode(src).expand(-1, k, -1)
        score = torch.full((k,), -1e9)
        score[0] = 0
        prefix = torch.full((1, k), bos, dtype=torch.long)
        for _ in range(steps):
            lp = self.next_log_probs(memory, prefix)
            top, ti = (score.unsqueeze(1) + lp).view(-1).topk(k)
            parent, y = ti // V, ti % V
            score = top
            prefix = torch.cat([prefix[:, parent], y.unsqueeze(0)], 0)
        return prefix[1:, 0]


def transformer_macs():
    """As forwardMacs in bench/speed/common.ts."""
    d, f, layers = SZ['D'], SZ['F'], SZ['L']
    enc = S * layers * (4 * d * d + 2 * d * f + 2 * S * d)
    dec = T * layers * (6 * d * d + 2 * T * d + 2 * S * d + 2 * d * f) + S * layers * 2 * d * d
    return B * (enc + dec + T * d * V)


def fwd_macs():
    if TRANSFORMER:
        return transformer_macs()
    E, H, A = SZ['E'], SZ['H'], SZ['A']
    enc = 2 * S * B * (E * 3 * H + H * 3 * H)
    per = B * (H * A + S * A + S * 2 * H + (E + 2 * H) * 3 * H + H * 3 * H)
    return enc + B * 2 * H * H + B * S * 2 * H * A + T * per + T * B * 3 * H * V


def blas_libs():
    try:
        return sorted({os.path.basename(l.split()[-1]) for l in open('/proc/self/maps') if 'blas' in l.lower()})
    except OSError:
        return []


m = TransformerTwin() if TRANSFORMER else Twin()
opt = torch.optim.Adam(m.parameters(), lr=1e-3)
g = torch.Generator().manual_seed(123)
batches = [(torch.randint(4, V, (S, B), generator=g), torch.randint(4, V, (T, B), generator=g),
            torch.randint(4, V, (T, B), generator=g)) for _ in range(2)]
times, losses = [], []
for i in range(a.warmup + a.steps):
    src, tin, tout = batches[i % 2]
    t0 = time.perf_counter()
    opt.zero_grad(set_to_none=True)
    loss = F.cross_entropy(m(src, tin), tout.reshape(-1))
    loss.backward()
    nn.utils.clip_grad_norm_(m.parameters(), 5.0)
    opt.step()
    l = loss.item()
    dt = (time.perf_counter() - t0) * 1000
    if i >= a.warmup:
        times.append(dt)
    losses.append(round(l, 4))

m.eval()
src1 = torch.tensor([[4 + (i * 37 + 11) % (V - 4) for i in range(S)]]).t()  # [S, 1]


def time_it(fn):
    d = []
    for i in range(a.decode + 2):
        t0 = time.perf_counter()
        fn()
        if i >= 2:
            d.append((time.perf_counter() - t0) * 1000)
    return d


gd = time_it(lambda: m.greedy(src1, T))
bd = time_it(lambda: m.beam(src1, T, 5))
lines = torch.randint(4, V, (S, LINES), generator=g)
m.greedy(lines[:, :2], T)
t0 = time.perf_counter()
for i in range(0, LINES, 64):  # Translator.translate's batch size
    m.greedy(lines[:, i:i + 64], T)
tr = (time.perf_counter() - t0) * 1000

ms = statistics.median(times)
flops = 6 * fwd_macs()
res = dict(impl='pytorch', backend='torch-cpu', size=a.size, spec=SZ, torch=torch.__version__, threads=torch.get_num_threads(),
           blasThreads=os.environ.get('OPENBLAS_NUM_THREADS', ''), blas=blas_libs(),
           params=sum(q.numel() for q in m.parameters()),
           msPerStep=round(ms, 1), minMs=round(min(times), 1), maxMs=round(max(times), 1),
           stepTimes=[round(x, 1) for x in times], tokensPerSec=round(B * T / (ms / 1000)),
           gflopPerStep=round(flops / 1e9, 2), gflops=round(flops / 1e9 / (ms / 1000), 2), losses=losses,
           greedyMs=round(statistics.median(gd), 2), greedyMinMs=round(min(gd), 2),
           beam5Ms=round(statistics.median(bd), 2), beam5MinMs=round(min(bd), 2),
           translateLines=LINES, translateMs=round(tr), translateLinesPerSec=round(LINES / (tr / 1000), 1),
           translateMeanOutLen=T,
           rssPeakMB=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), wasmHeapMB=None,
           loadavg=[round(x, 2) for x in os.getloadavg()])
line = json.dumps(res)
print(line)
if a.out:
    with open(a.out, 'w') as f:
        f.write(line + '\n')
