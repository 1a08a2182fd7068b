#!/usr/bin/env python3
"""Recipe search for ser4j's compact-cnn, in PyTorch, on a GPU (or CPU for a smoke test).

This is a research tool, not part of ser4j: it mirrors compact-cnn and ser4j's training loop
(AdamW, per-band scaler, SpecAugment masks, cosine schedule, best epoch by validation loss) closely
enough to rank recipe changes quickly, so that only the promising ones are built in Java and
measured there. It reports VALIDATION figures only: the test actors of each fold are never loaded
into a model here, so nothing is tuned on test.

Input (made by tools/ExportFeatures.java from the corpus; derived features, never committed):
  DIR/feats.u8   uint8 [N, 64, TMAX]: whole-clip speech-16k mel power in dB relative to the clip's
                 maximum, clipped at -100 dB, stored as round((dB + 100) * 2.5)
  DIR/meta.csv   id,len (frames of each clip)
  DIR/folds.json the 5 folds of `ser4j train --protocol kfold --folds 5 --seed 42` (actor numbers)

Usage: explore_recipes.py DIR OUT [--device cuda] [--jobs 12] [--seeds 3] [--configs A,R,...]
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np

FRAMES = 301
BANDS = 64
OFFSET = 50  # 0.5 s at 100 frames/s

CONFIGS = {
    # A: ser4j's recipe A (masking + cosine, 60 epochs), fixed crop 0.5-3.5 s
    "A": dict(),
    # crops: random over the whole clip each epoch; jitter +-0.25 s; 5 fixed shifted copies
    "R": dict(crop="random"),
    "RW": dict(crop="random", width=2),
    "RD": dict(crop="random", deltas=True),
    "RWD": dict(crop="random", width=2, deltas=True),
    "RCMN": dict(crop="random", cmn=True),
    "RLS": dict(crop="random", smoothing=0.1),
    "RB": dict(crop="random", balance=True),
    "J": dict(crop="jitter"),
    "S5": dict(crop="copies", epochs=20),
    "W": dict(width=2),
    "RLR3": dict(crop="random", lr=3e-3),
    "R120": dict(crop="random", epochs=120),
    "RW120": dict(crop="random", width=2, epochs=120),
    "D": dict(deltas=True),
    "WD": dict(width=2, deltas=True),
    "W15D": dict(width=1.5, deltas=True),
}
DEFAULTS = dict(crop="fixed", epochs=60, width=1, smoothing=0.0, cmn=False, balance=False, lr=1e-3,
                deltas=False, batch=32, wd=0.01, specaug=True)


def emotion(clip_id):
    return int(os.path.basename(clip_id).split("-")[2]) - 1


def actor(clip_id):
    return int(os.path.basename(clip_id).split(".")[0].split("-")[6])


def load(data_dir):
    rows = [line.strip().split(",") for line in open(os.path.join(data_dir, "meta.csv")).readlines()[1:]]
    ids = [r[0] for r in rows]
    lens = np.array([int(r[1]) for r in rows])
    raw = np.fromfile(os.path.join(data_dir, "feats.u8"), dtype=np.uint8)
    tmax = raw.size // (len(ids) * BANDS)
    feats = raw.reshape(len(ids), BANDS, tmax)
    folds = json.load(open(os.path.join(data_dir, "folds.json")))
    return ids, lens, feats, folds


def run_job(args):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    data_dir, name, seed, fold_index, device, epochs = args
    torch.set_num_threads(1)
    if device == "cuda":
        torch.backends.cudnn.benchmark = True
    cfg = dict(DEFAULTS, **CONFIGS[name])
    if epochs:
        cfg["epochs"] = epochs
    torch.manual_seed(seed * 1000 + fold_index)
    rng = np.random.default_rng(seed * 1000 + fold_index)
    ids, lens, feats, folds = load(data_dir)
    fold = folds[fold_index]
    train_idx = np.array([i for i, c in enumerate(ids) if actor(c) in fold["train"]])
    val_idx = np.array([i for i, c in enumerate(ids) if actor(c) in fold["validation"]])
    labels = torch.tensor([emotion(c) for c in ids], device=device)
    full = torch.tensor(feats, device=device).float() / 2.5 - 100.0  # [N, 64, T]
    lens_t = torch.tensor(lens, device=device)
    ar = torch.arange(FRAMES, device=device)

    def crops(idx, offsets):
        idx_t = torch.as_tensor(idx, device=device)
        off = torch.as_tensor(offsets, device=device)
        off = torch.minimum(off, lens_t[idx_t] - FRAMES).clamp(min=0)
        cols = (off[:, None] + ar[None, :])[:, None, :].expand(-1, BANDS, -1)
        x = torch.gather(full[idx_t], 2, cols)
        x = x - x.amax(dim=(1, 2), keepdim=True)
        x = x.clamp(min=-80.0)
        if cfg["cmn"]:
            x = x - x.mean(dim=2, keepdim=True)
        return x

    fixed_train = crops(train_idx, np.full(len(train_idx), OFFSET))
    mean = fixed_train.mean(dim=(0, 2), keepdim=True)
    std = fixed_train.std(dim=(0, 2), keepdim=True, unbiased=False).clamp(min=1e-8)

    def channels(x):
        """[B, F, T] scaled images -> [B, 1, F, T], or [B, 2, F, T] with the time delta."""
        if cfg["deltas"]:
            d = torch.zeros_like(x)
            d[:, :, 1:-1] = (x[:, :, 2:] - x[:, :, :-2]) / 2
            return torch.stack([x, d], dim=1)
        return x[:, None]

    def prepare(x):
        return channels((x - mean) / std)

    widths = [int(c * cfg["width"]) for c in (16, 32, 64, 128)]
    drops = [0.0, 0.1, 0.1, 0.2]

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            layers = []
            cin = 2 if cfg["deltas"] else 1
            for w, d in zip(widths, drops):
                layers += [nn.Conv2d(cin, w, 3, padding=1), nn.BatchNorm2d(w), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(d)]
                cin = w
            self.cnn = nn.Sequential(*layers)
            self.drop = nn.Dropout(0.3)
            self.fc = nn.Linear(2 * widths[-1] * (BANDS // 16), 8)

        def forward(self, x):
            m = self.cnn(x)
            m = m.reshape(m.shape[0], m.shape[1] * m.shape[2], m.shape[3])
            return self.fc(self.drop(torch.cat([m.mean(2), m.amax(2)], 1)))

    net = Net().to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=cfg["lr"], weight_decay=cfg["wd"])
    weights = None
    if cfg["balance"]:
        counts = torch.bincount(labels[torch.as_tensor(train_idx, device=device)], minlength=8).float()
        weights = counts.sum() / (8 * counts)

    if cfg["crop"] == "copies":
        base = np.repeat(train_idx, 5)
        base_off = np.tile(np.array([10, 30, 50, 70, 90]), len(train_idx))
    else:
        base, base_off = train_idx, None

    val_fixed = prepare(crops(val_idx, np.full(len(val_idx), OFFSET)))
    val_y = labels[torch.as_tensor(val_idx, device=device)]
    best = (float("inf"), None, 0)
    for epoch in range(1, cfg["epochs"] + 1):
        for g in opt.param_groups:
            g["lr"] = cfg["lr"] * (1 + math.cos(math.pi * (epoch - 1) / cfg["epochs"])) / 2
        net.train()
        order = rng.permutation(len(base))
        for s in range(0, len(order), cfg["batch"]):
            b = order[s:s + cfg["batch"]]
            idx = base[b]
            if cfg["crop"] == "fixed":
                off = np.full(len(b), OFFSET)
            elif cfg["crop"] == "random":
                off = (rng.random(len(b)) * (lens[idx] - FRAMES + 1)).astype(np.int64)
            elif cfg["crop"] == "jitter":
                off = OFFSET + rng.integers(-25, 26, len(b))
            else:
                off = base_off[b]
            x = (crops(idx, off) - mean) / std
            if cfg["specaug"]:
                for _ in range(2):
                    w = rng.integers(0, 9, len(b))
                    f0 = rng.integers(0, BANDS - w + 1)
                    bands = torch.arange(BANDS, device=device)[None, :]
                    mask = (bands >= torch.as_tensor(f0, device=device)[:, None]) & (bands < torch.as_tensor(f0 + w, device=device)[:, None])
                    x = x.masked_fill(mask[:, :, None], 0.0)
                for _ in range(2):
                    w = rng.integers(0, 31, len(b))
                    t0 = rng.integers(0, FRAMES - w + 1)
                    t = ar[None, :]
                    mask = (t >= torch.as_tensor(t0, device=device)[:, None]) & (t < torch.as_tensor(t0 + w, device=device)[:, None])
                    x = x.masked_fill(mask[:, None, :], 0.0)
            x = channels(x)
            y = labels[torch.as_tensor(idx, device=device)]
            loss = F.cross_entropy(net(x), y, weight=weights, label_smoothing=cfg["smoothing"])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            vloss = F.cross_entropy(net(val_fixed), val_y).item()
        if vloss < best[0]:
            best = (vloss, {k: v.detach().clone() for k, v in net.state_dict().items()}, epoch)
    net.load_state_dict(best[1])
    net.eval()
    with torch.no_grad():
        p_fixed = torch.softmax(net(val_fixed), 1)
        # test-time windows: every 25 frames (0.25 s) over the whole clip, probabilities averaged
        p_tta = torch.zeros_like(p_fixed)
        for j, i in enumerate(val_idx):
            offs = np.arange(0, max(1, lens[i] - FRAMES + 1), 25)
            x = prepare(crops(np.full(len(offs), i), offs))
            p_tta[j] = torch.softmax(net(x), 1).mean(0)
    return dict(config=name, seed=seed, fold=fold_index + 1, best_epoch=best[2], val_loss=best[0],
                labels=val_y.tolist(), p_fixed=p_fixed.tolist(), p_tta=p_tta.tolist())


def ua(labels, probs):
    labels = np.asarray(labels)
    pred = np.asarray(probs).argmax(1)
    return float(np.mean([np.mean(pred[labels == c] == c) for c in range(8) if np.any(labels == c)]))


def summarise(results, out):
    by = {}
    for r in results:
        by.setdefault(r["config"], []).append(r)
    lines = ["config  n  val_loss  UA_fixed  UA_tta  ens3_fixed  ens3_tta  best_epoch"]
    for name in CONFIGS:
        rs = by.get(name)
        if not rs:
            continue
        f = np.mean([ua(r["labels"], r["p_fixed"]) for r in rs])
        t = np.mean([ua(r["labels"], r["p_tta"]) for r in rs])
        ef, et = [], []
        for fold in range(1, 6):
            fr = [r for r in rs if r["fold"] == fold]
            if fr:
                ef.append(ua(fr[0]["labels"], np.mean([r["p_fixed"] for r in fr], 0)))
                et.append(ua(fr[0]["labels"], np.mean([r["p_tta"] for r in fr], 0)))
        lines.append(f"{name:6s} {len(rs):3d}  {np.mean([r['val_loss'] for r in rs]):.3f}    {f:.3f}     {t:.3f}   "
                     f"{np.mean(ef):.3f}       {np.mean(et):.3f}     {np.mean([r['best_epoch'] for r in rs]):.1f}")
    text = "\n".join(lines)
    print(text, flush=True)
    with open(os.path.join(out, "summary.txt"), "w") as f:
        f.write(text + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--jobs", type=int, default=12)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--epochs", type=int, default=0, help="override (smoke tests)")
    ns = ap.parse_args()
    os.makedirs(ns.out, exist_ok=True)
    jobs = [(ns.data, c, s, f, ns.device, ns.epochs) for s in range(ns.seeds) for c in ns.configs.split(",")
            for f in range(ns.folds)]
    results = []
    start = time.time()
    import multiprocessing as mp
    ctx = mp.get_context("spawn")
    with ctx.Pool(ns.jobs) as pool, open(os.path.join(ns.out, "results.jsonl"), "w") as log:
        for r in pool.imap_unordered(run_job, jobs):
            results.append(r)
            log.write(json.dumps(r) + "\n")
            log.flush()
            print(f"{time.time() - start:6.0f}s {r['config']} seed {r['seed']} fold {r['fold']}: "
                  f"UA {ua(r['labels'], r['p_fixed']):.3f} tta {ua(r['labels'], r['p_tta']):.3f} "
                  f"(best epoch {r['best_epoch']})", flush=True)
            if len(results) % 20 == 0:
                summarise(results, ns.out)
    summarise(results, ns.out)


if __name__ == "__main__":
    sys.exit(main())
