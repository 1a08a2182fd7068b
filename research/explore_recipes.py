#!/usr/bin/env python3
"""Recipe search for ser4j's compact-cnn, in PyTorch, on a GPU (or CPU for a smoke test).

This is a research tool, not part of ser4j: it mirrors compact-cnn and ser4j's training loop
(AdamW, per-band scaler, SpecAugment masks, cosine schedule, best epoch by validation loss) closely
enough to rank recipe changes quickly, so that only the promising ones are built in Java and
measured there. It reports VALIDATION figures only: the test actors of each fold are never loaded
into a model here, so nothing is tuned on test.

One process trains a whole recipe: every (seed, fold) pair is one group of a grouped network
(convolutions with groups=G, per-group linear heads), each group with its own weights, its own
optimiser state (AdamW is elementwise), its own batches, its own fold's scaler and validation actors.
The groups never touch each other, so this equals G separate trainings, at a fraction of the kernel
launches; a tiny model otherwise leaves a GPU idle.

Input (made by org.ser4j.bench.ExportFeatures (ser4j-bench) from the corpus; derived features, never committed):
  DIR/feats{MELS}.u8[.xz]  uint8 [N, MELS, TMAX]: whole-clip speech-16k mel power in dB relative to
                 the clip's maximum, clipped at -100 dB, stored as round((dB + 100) * 2.5)
                 (DIR/feats.u8, the name of earlier exports, is read for 64 bands when neither exists)
  DIR/meta.csv   id,len (frames of each clip)
  DIR/folds.json the 5 folds of `ser4j train --protocol kfold --folds 5 --seed 42` (actor numbers)

For every training it reports the validation figures of three choices of weights: the epoch with the
lowest validation loss (ser4j's choice), the last epoch, and the average of the weights over the last
quarter of the epochs with the batch-norm statistics recomputed on the training clips (SWA).

Usage: explore_recipes.py DIR OUT [--device cuda] [--jobs 10] [--seeds 3] [--configs RWD,...]
"""
import argparse
import contextlib
import json
import lzma
import math
import os
import sys
import time
import zlib

import numpy as np

FRAMES = 301
OFFSET = 50  # 0.5 s at 100 frames/s

RWD = dict(crop="random", width=2, deltas=True)
CONFIGS = {
    # A: ser4j's recipe A (masking + cosine, 60 epochs), fixed crop 0.5-3.5 s
    "A": dict(),
    "R": dict(crop="random"),
    "RW": dict(crop="random", width=2),
    "RD": dict(crop="random", deltas=True),
    # RWD: the shipped recipe (compact-cnn-wide --random-crop)
    "RWD": dict(RWD),
    "RWD128": dict(RWD, mels=128),
    "GRL1": dict(RWD, grl=0.1),
    "GRL5": dict(RWD, grl=0.5),
    "SA3": dict(RWD, masks=3),
    "WD05": dict(RWD, wd=0.05),
    "DO5": dict(RWD, head_drop=0.5),
    "B5": dict(RWD, blocks=5),
    "LR2": dict(RWD, lr=2e-3),
    "E90": dict(RWD, epochs=90),
    "RWD128B5": dict(RWD, mels=128, blocks=5),
    "B5LR2": dict(RWD, blocks=5, lr=2e-3),
    "B5GRL1": dict(RWD, blocks=5, grl=0.1),
    "B5WD05": dict(RWD, blocks=5, wd=0.05),
    "J": dict(crop="jitter"),
    "D": dict(deltas=True),
    "WD": dict(width=2, deltas=True),
}
DEFAULTS = dict(crop="fixed", epochs=60, width=1, smoothing=0.0, cmn=False, balance=False, lr=1e-3,
                deltas=False, batch=32, wd=0.01, specaug=True, masks=2, mels=64, grl=0.0, head_drop=0.3,
                blocks=4)


def emotion(clip_id):
    return int(os.path.basename(clip_id).split("-")[2]) - 1


def actor(clip_id):
    return int(os.path.basename(clip_id).split(".")[0].split("-")[6])


def load(data_dir, mels):
    rows = [line.strip().split(",") for line in open(os.path.join(data_dir, "meta.csv")).readlines()[1:]]
    ids = [r[0] for r in rows]
    lens = np.array([int(r[1]) for r in rows])
    path = os.path.join(data_dir, f"feats{mels}.u8")
    if os.path.exists(path + ".xz"):
        with lzma.open(path + ".xz") as f:
            raw = np.frombuffer(f.read(), dtype=np.uint8)
    elif os.path.exists(path):
        raw = np.fromfile(path, dtype=np.uint8)
    elif mels == 64:
        raw = np.fromfile(os.path.join(data_dir, "feats.u8"), dtype=np.uint8)
    else:
        raise FileNotFoundError(f"{path}[.xz]: export it with org.ser4j.bench.ExportFeatures (ser4j-bench) ... {mels}")
    tmax = raw.size // (len(ids) * mels)
    assert raw.size == len(ids) * mels * tmax, f"{path}: size {raw.size} is not {len(ids)} x {mels} x T"
    feats = raw.reshape(len(ids), mels, tmax)
    folds = json.load(open(os.path.join(data_dir, "folds.json")))
    return ids, lens, feats, folds


def run_job(args):
    """Trains every (seed, fold) of one recipe as the groups of one packed network."""
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    data_dir, name, seeds, folds_wanted, device, epochs, max_steps = args
    torch.set_num_threads(1 if device == "cuda" else 2)
    if device == "cuda":
        torch.backends.cudnn.benchmark = True
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    cfg = dict(DEFAULTS, **CONFIGS[name])
    if epochs:
        cfg["epochs"] = epochs
    torch.manual_seed(zlib.crc32(name.encode()))
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    bands = cfg["mels"]
    ids, lens, feats, folds = load(data_dir, bands)
    groups = [(s, f) for s in seeds for f in folds_wanted]
    G = len(groups)
    labels = torch.tensor([emotion(c) for c in ids], device=device)
    full = torch.tensor(feats, device=device).float() / 2.5 - 100.0  # [N, bands, T]
    lens_t = torch.tensor(lens, device=device)
    ar = torch.arange(FRAMES, device=device)
    band_idx = torch.arange(bands, device=device)[None, :]

    def crops(idx, offsets):
        idx_t = torch.as_tensor(idx, device=device)
        off = torch.as_tensor(offsets, device=device)
        off = torch.minimum(off, lens_t[idx_t] - FRAMES).clamp(min=0)
        cols = (off[:, None] + ar[None, :])[:, None, :].expand(-1, bands, -1)
        x = torch.gather(full[idx_t], 2, cols)
        x = x - x.amax(dim=(1, 2), keepdim=True)
        x = x.clamp(min=-80.0)
        if cfg["cmn"]:
            x = x - x.mean(dim=2, keepdim=True)
        return x

    # per group: training rows, speaker labels, scaler, validation rows
    train_idx, spk, means, stds, val_idx = [], [], [], [], []
    for s, f in groups:
        fold = folds[f]
        tr = np.array([i for i, c in enumerate(ids) if actor(c) in fold["train"]])
        train_idx.append(tr)
        order = sorted(fold["train"])
        spk.append(torch.tensor([order.index(actor(ids[i])) for i in tr], device=device))
        fixed = crops(tr, np.full(len(tr), OFFSET))
        means.append(fixed.mean(dim=(0, 2), keepdim=True))
        stds.append(fixed.std(dim=(0, 2), keepdim=True, unbiased=False).clamp(min=1e-8))
        val_idx.append(np.array([i for i, c in enumerate(ids) if actor(c) in fold["validation"]]))
    mean_all, std_all = torch.stack(means), torch.stack(stds)  # [G, 1, bands, 1]
    n_train = len(train_idx[0])
    assert all(len(t) == n_train for t in train_idx), "folds need equal training sizes to be packed"
    n_val = len(val_idx[0])
    assert all(len(v) == n_val for v in val_idx)
    n_speakers = len(folds[0]["train"])
    cin = 2 if cfg["deltas"] else 1

    def channels(x):
        """[B, F, T] scaled images -> [B, 1, F, T], or [B, 2, F, T] with the time delta."""
        if cfg["deltas"]:
            d = torch.zeros_like(x)
            d[:, :, 1:-1] = (x[:, :, 2:] - x[:, :, :-2]) / 2
            return torch.stack([x, d], dim=1)
        return x[:, None]

    def pack(per_group):
        """G tensors [B, cin, F, T] -> [B, G * cin, F, T] (group g owns channels g*cin..)."""
        return torch.stack(per_group, dim=1).reshape(per_group[0].shape[0], G * cin, bands, FRAMES)

    widths = [int(c * cfg["width"]) for c in (16, 32, 64, 128, 256)][:cfg["blocks"]]
    drops = [0.0, 0.1, 0.1, 0.2, 0.2][:cfg["blocks"]]
    feat_dim = 2 * widths[-1] * (bands // 2 ** cfg["blocks"])

    class GroupLinear(nn.Module):
        def __init__(self, fan_in, fan_out):
            super().__init__()
            bound = 1 / math.sqrt(fan_in)
            self.w = nn.Parameter(torch.empty(G, fan_in, fan_out).uniform_(-bound, bound))
            self.b = nn.Parameter(torch.empty(G, fan_out).uniform_(-bound, bound))

        def forward(self, h):  # [B, G, in] -> [B, G, out]
            return torch.einsum("bgi,gio->bgo", h, self.w) + self.b

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            layers = []
            c = cin
            for w, d in zip(widths, drops):
                layers += [nn.Conv2d(G * c, G * w, 3, padding=1, groups=G), nn.BatchNorm2d(G * w), nn.ReLU(),
                           nn.MaxPool2d(2), nn.Dropout(d)]
                c = w
            self.cnn = nn.Sequential(*layers)
            self.drop = nn.Dropout(cfg["head_drop"])
            self.fc = GroupLinear(feat_dim, 8)
            self.speaker = GroupLinear(feat_dim, n_speakers) if cfg["grl"] > 0 else None

        def features(self, x):
            m = self.cnn(x)  # [B, G*w, F', T']
            m = m.reshape(m.shape[0], G, widths[-1] * m.shape[2], m.shape[3])
            return torch.cat([m.mean(3), m.amax(3)], 2)  # [B, G, feat_dim]

        def forward(self, x):
            return self.fc(self.drop(self.features(x)))

    net = Net().to(device)

    def amp():
        """bfloat16 on a GPU (ranking recipes needs no more), float32 on a CPU."""
        if device == "cuda":
            return torch.autocast(device_type="cuda", dtype=torch.bfloat16)
        return contextlib.nullcontext()

    started = time.time()
    opt = torch.optim.AdamW(net.parameters(), lr=cfg["lr"], weight_decay=cfg["wd"])
    weights = None
    if cfg["balance"]:
        counts = torch.bincount(labels[torch.as_tensor(train_idx[0], device=device)], minlength=8).float()
        weights = counts.sum() / (8 * counts)

    val_x = pack([channels((crops(v, np.full(n_val, OFFSET)) - means[g]) / stds[g])
                  for g, v in enumerate(val_idx)])
    val_y = torch.stack([labels[torch.as_tensor(v, device=device)] for v in val_idx], 1)  # [n_val, G]

    # test-time windows: every 25 frames (0.25 s) over the whole clip; one list per group's fold
    tta = []
    for g, v in enumerate(val_idx):
        offs, owner = [], []
        for j, i in enumerate(v):
            o = np.arange(0, max(1, lens[i] - FRAMES + 1), 25)
            offs.append(o)
            owner.append(np.full(len(o), j))
        tta.append((np.concatenate([np.full(len(o), i) for o, i in zip(offs, v)]), np.concatenate(offs),
                    torch.as_tensor(np.concatenate(owner), device=device)))

    def predict(model):
        """Validation probabilities [G, n_val, 8] of the fixed window and of the windows averaged."""
        model.eval()
        with torch.no_grad():
            with amp():
                fixed = torch.softmax(model(val_x).float(), 2).permute(1, 0, 2)
            windows = torch.zeros_like(fixed)
            counts = torch.zeros(G, n_val, device=device)
            n_windows = max(len(t[0]) for t in tta)
            for s in range(0, n_windows, 256):
                parts = []
                for g, (rows, offs, owner) in enumerate(tta):
                    r, o = rows[s:s + 256], offs[s:s + 256]
                    if len(r) < 1:
                        r, o = rows[:1], offs[:1]
                    parts.append(channels((crops(r, o) - means[g]) / stds[g]))
                size = max(p.shape[0] for p in parts)
                parts = [torch.cat([p, p[:1].expand(size - p.shape[0], -1, -1, -1)]) for p in parts]
                with amp():
                    p = torch.softmax(model(pack(parts)).float(), 2)  # [size, G, 8]
                for g, (rows, offs, owner) in enumerate(tta):
                    k = len(rows[s:s + 256])
                    if k:
                        windows[g].index_add_(0, owner[s:s + k], p[:k, g])
                        counts[g].index_add_(0, owner[s:s + k], torch.ones(k, device=device))
            windows = windows / counts[:, :, None]
        return fixed, windows

    best_loss = np.full(G, np.inf)
    best_epoch = np.zeros(G, dtype=int)
    best_fixed = [None] * G
    best_windows = [None] * G
    swa_start = cfg["epochs"] - max(1, cfg["epochs"] // 4) + 1
    swa, swa_n = None, 0
    steps = min(math.ceil(n_train / cfg["batch"]), max_steps or 10 ** 9)
    for epoch in range(1, cfg["epochs"] + 1):
        lr = cfg["lr"] * (1 + math.cos(math.pi * (epoch - 1) / cfg["epochs"])) / 2
        for pg in opt.param_groups:
            pg["lr"] = lr
        progress = (epoch - 1) / cfg["epochs"]
        lam = cfg["grl"] * (2 / (1 + math.exp(-10 * progress)) - 1)
        net.train()
        orders = [rng.permutation(n_train) for _ in range(G)]
        for s in range(steps):
            b = np.stack([o[s * cfg["batch"]:(s + 1) * cfg["batch"]] for o in orders])  # [G, B]
            B = b.shape[1]
            idx = np.stack([train_idx[g][b[g]] for g in range(G)]).reshape(-1)  # group-major
            if cfg["crop"] == "fixed":
                off = np.full(len(idx), OFFSET)
            elif cfg["crop"] == "random":
                off = (rng.random(len(idx)) * (lens[idx] - FRAMES + 1)).astype(np.int64)
            else:  # jitter
                off = OFFSET + rng.integers(-25, 26, len(idx))
            x = ((crops(idx, off).view(G, B, bands, FRAMES) - mean_all) / std_all).view(G * B, bands, FRAMES)
            if cfg["specaug"]:
                for _ in range(cfg["masks"]):
                    w = torch.as_tensor(rng.integers(0, 9, len(idx)), device=device)
                    f0 = (torch.as_tensor(rng.random(len(idx)), device=device) * (bands - w + 1)).long()
                    mask = (band_idx >= f0[:, None]) & (band_idx < (f0 + w)[:, None])
                    x = x.masked_fill(mask[:, :, None], 0.0)
                for _ in range(cfg["masks"]):
                    w = torch.as_tensor(rng.integers(0, 31, len(idx)), device=device)
                    t0 = (torch.as_tensor(rng.random(len(idx)), device=device) * (FRAMES - w + 1)).long()
                    mask = (ar[None, :] >= t0[:, None]) & (ar[None, :] < (t0 + w)[:, None])
                    x = x.masked_fill(mask[:, None, :], 0.0)
            x = channels(x).view(G, B, cin, bands, FRAMES).transpose(0, 1).reshape(B, G * cin, bands, FRAMES)
            y = labels[torch.as_tensor(idx, device=device)].view(G, B).T  # [B, G]
            with amp():
                h = net.features(x)  # [B, G, feat_dim]
                logits = net.fc(net.drop(h)).float()
            # summed over groups: each group's gradient is its own training's
            ce = F.cross_entropy(logits.reshape(B * G, 8), y.reshape(B * G), weight=weights, reduction="none",
                                 label_smoothing=cfg["smoothing"]).view(B, G)
            loss = (ce.sum(0) / weights[y].sum(0)).sum() if weights is not None else ce.mean(0).sum()
            if net.speaker is not None:
                # gradient reversal: the value of h, the gradient of -lam * h into the encoder
                rev = h.detach() * (1 + lam) - h * lam
                with amp():
                    sl = net.speaker(rev).float()
                sy = torch.stack([spk[g][torch.as_tensor(b[g], device=device)] for g in range(G)], 1)
                loss = loss + F.cross_entropy(sl.reshape(B * G, -1), sy.reshape(B * G), reduction="none") \
                    .view(B, G).mean(0).sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            with amp():
                vl = torch.softmax(net(val_x).float(), 2)
            vloss = np.array([F.nll_loss(torch.log(vl[:, g].clamp(min=1e-12)), val_y[:, g]).item()
                              for g in range(G)])
        if epoch % 10 == 0 or epoch == 1:
            print(f"  {name}: epoch {epoch} at {time.time() - started:.0f}s, validation loss {vloss.mean():.3f}",
                  flush=True)
        improved = vloss < best_loss
        last = epoch == cfg["epochs"]
        if improved.any():
            fixed, windows = predict(net)
            for g in np.nonzero(improved)[0]:
                best_loss[g], best_epoch[g] = vloss[g], epoch
                best_fixed[g], best_windows[g] = fixed[g].tolist(), windows[g].tolist()
        if last:
            last_fixed, last_windows = predict(net)
        if epoch >= swa_start:
            state = {k: v.detach().clone().float() for k, v in net.state_dict().items()}
            swa_n += 1
            if swa is None:
                swa = state
            else:
                for k in swa:
                    swa[k] += (state[k] - swa[k]) / swa_n
    # SWA: averaged weights, batch-norm statistics recomputed over one epoch of training windows
    sd = net.state_dict()
    net.load_state_dict({k: swa[k].to(sd[k].dtype) for k in sd})
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    net.train()
    with torch.no_grad():
        orders = [rng.permutation(n_train) for _ in range(G)]
        for s in range(steps):
            xs = []
            for g in range(G):
                idx = train_idx[g][orders[g][s * cfg["batch"]:(s + 1) * cfg["batch"]]]
                off = (rng.random(len(idx)) * (lens[idx] - FRAMES + 1)).astype(np.int64) \
                    if cfg["crop"] == "random" else np.full(len(idx), OFFSET)
                xs.append(channels((crops(idx, off) - means[g]) / stds[g]))
            with amp():
                net(pack(xs))
    swa_fixed, swa_windows = predict(net)
    out = []
    for g, (seed, fold) in enumerate(groups):
        out.append(dict(config=name, seed=seed, fold=fold + 1, best_epoch=int(best_epoch[g]),
                        val_loss=float(best_loss[g]), labels=val_y[:, g].tolist(),
                        p_fixed=best_fixed[g], p_tta=best_windows[g],
                        p_last=last_fixed[g].tolist(), p_last_tta=last_windows[g].tolist(),
                        p_swa=swa_fixed[g].tolist(), p_swa_tta=swa_windows[g].tolist()))
    return out


def ua(labels, probs):
    labels = np.asarray(labels)
    pred = np.asarray(probs).argmax(1)
    return float(np.mean([np.mean(pred[labels == c] == c) for c in range(8) if np.any(labels == c)]))


def summarise(results, out):
    """Mean over folds of validation UA; single trainings averaged over seeds, and pairs of seeds."""
    by = {}
    for r in results:
        by.setdefault(r["config"], []).append(r)
    keys = ["p_fixed", "p_tta", "p_last", "p_swa", "p_swa_tta"]
    lines = ["validation UA, mean over folds; 'x2' = two seeds' probabilities averaged (mean over seed pairs)",
             "config     n  val_loss  best   best_win  last   swa    swa_win | best_x2  last_x2  swa_x2  epoch"]
    for name in CONFIGS:
        rs = by.get(name)
        if not rs:
            continue
        single = [np.mean([ua(r["labels"], r[k]) for r in rs]) for k in keys]
        pairs = {k: [] for k in ("p_fixed", "p_last", "p_swa")}
        seeds = sorted({r["seed"] for r in rs})
        for k in pairs:
            for a in range(len(seeds)):
                for b in range(a + 1, len(seeds)):
                    per_fold = []
                    for fold in range(1, 6):
                        fr = [r for r in rs if r["fold"] == fold and r["seed"] in (seeds[a], seeds[b])]
                        if len(fr) == 2:
                            per_fold.append(ua(fr[0]["labels"], np.mean([r[k] for r in fr], 0)))
                    if per_fold:
                        pairs[k].append(np.mean(per_fold))
        pair = [np.mean(pairs[k]) if pairs[k] else float("nan") for k in pairs]
        lines.append(f"{name:9s} {len(rs):3d}  {np.mean([r['val_loss'] for r in rs]):.3f}    "
                     + "  ".join(f"{v:.3f}" for v in single) + "  | "
                     + "   ".join(f"{v:.3f}" for v in pair)
                     + f"   {np.mean([r['best_epoch'] for r in rs]):.1f}")
    text = "\n".join(lines)
    print(text, flush=True)
    with open(os.path.join(out, "summary.txt"), "w") as f:
        f.write(text + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--jobs", type=int, default=10, help="recipes trained at once")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--configs", default="RWD")
    ap.add_argument("--epochs", type=int, default=0, help="override (smoke tests)")
    ap.add_argument("--steps", type=int, default=0, help="at most this many batches per epoch (smoke tests)")
    ns = ap.parse_args()
    os.makedirs(ns.out, exist_ok=True)
    jobs = [(ns.data, c, list(range(ns.seeds)), list(range(ns.folds)), ns.device, ns.epochs, ns.steps)
            for c in ns.configs.split(",")]
    results = []
    start = time.time()
    import multiprocessing as mp
    ctx = mp.get_context("spawn")
    with ctx.Pool(ns.jobs) as pool, open(os.path.join(ns.out, "results.jsonl"), "w") as log:
        for rs in pool.imap_unordered(run_job, jobs):
            for r in rs:
                results.append(r)
                log.write(json.dumps(r) + "\n")
                print(f"{time.time() - start:6.0f}s {r['config']} seed {r['seed']} fold {r['fold']}: "
                      f"UA best {ua(r['labels'], r['p_fixed']):.3f} last {ua(r['labels'], r['p_last']):.3f} "
                      f"swa {ua(r['labels'], r['p_swa']):.3f} (best epoch {r['best_epoch']})", flush=True)
            log.flush()
            summarise(results, ns.out)


if __name__ == "__main__":
    sys.exit(main())
