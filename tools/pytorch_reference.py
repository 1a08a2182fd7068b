#!/usr/bin/env python3
"""PyTorch reference for ser4j-model (the four SEC-PyTorch architectures of shared/seed/SPEC.md).

Usage:  python3 tools/pytorch_reference.py OUT_DIR
Needs:  torch (any 2.x; CPU is enough), numpy.

1. Builds the four SEC-PyTorch models in PyTorch exactly as SPEC.md states, prints each model's number of
   trainable parameters and its output shape for a batch of 2 (compare with ArchitectureTest, which
   prints the DJL counts).
2. Writes small reference tensors as float32 .npy files into OUT_DIR, for
   org.ser4j.model.layers.PyTorchReferenceTest (copy them to
   ser4j-model/src/test/resources/pytorch-reference/):

   transformer_*.npy  torch.manual_seed(0); nn.TransformerEncoderLayer(d_model=64, nhead=4,
                      dim_feedforward=512, dropout=0.4, activation='relu') in eval mode. All biases and
                      the LayerNorm weights/biases are then overwritten with N(0, 0.1) values (seeded), so
                      that a mix-up of q/k/v or gamma/beta cannot pass unnoticed. The layer is called with
                      PyTorch's default layout [seq, batch, d] (batch_first=False, as SEC-PyTorch does), but
                      input and output are SAVED BATCH-FIRST, [batch=2, seq=140, d=64].
       transformer_in_proj_weight [192, 64]   transformer_in_proj_bias [192]
       transformer_out_proj_weight [64, 64]   transformer_out_proj_bias [64]
       transformer_linear1_weight [512, 64]   transformer_linear1_bias [512]
       transformer_linear2_weight [64, 512]   transformer_linear2_bias [64]
       transformer_norm1_weight [64]  transformer_norm1_bias [64]
       transformer_norm2_weight [64]  transformer_norm2_bias [64]
       transformer_input [2, 140, 64]         transformer_output [2, 140, 64]

   bilstm_*.npy       torch.manual_seed(1); nn.LSTM(64, 128, bidirectional=True, batch_first=True),
                      zero initial state; input [2, 50, 64], output [2, 50, 256] (forward half first).
       bilstm_weight_ih_l0 [512, 64]  bilstm_weight_hh_l0 [512, 128]  bilstm_bias_ih_l0 [512]
       bilstm_bias_hh_l0 [512]        bilstm_weight_ih_l0_reverse ... bilstm_bias_hh_l0_reverse
       bilstm_input [2, 50, 64]       bilstm_output [2, 50, 256]
"""
import os
import sys

import numpy as np
import torch
from torch import nn


def conv_block(c_in, c_out, pool, drop):
    """SPEC.md: Conv2d 3x3 stride 1 padding 1 -> BatchNorm2d -> ReLU -> MaxPool2d(p, p) -> Dropout."""
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, kernel_size=3, stride=1, padding=1),
        nn.BatchNorm2d(c_out),
        nn.ReLU(),
        nn.MaxPool2d(kernel_size=pool, stride=pool),
        nn.Dropout(drop),
    )


class Attention(nn.Module):
    """Linear(H -> 1) score per step, softmax over steps, weighted sum."""

    def __init__(self, h):
        super().__init__()
        self.score = nn.Linear(h, 1)

    def forward(self, x):  # x [B, T, H]
        w = torch.softmax(self.score(x).squeeze(-1), dim=1)  # [B, T]
        return torch.bmm(w.unsqueeze(1), x).squeeze(1), w


class StackedCnnLstm(nn.Module):
    def __init__(self, classes=8):
        super().__init__()
        self.cnn = nn.Sequential(conv_block(1, 16, 2, 0.4), conv_block(16, 32, 4, 0.4),
                                 conv_block(32, 64, 4, 0.4), conv_block(64, 128, 4, 0.4))
        self.lstm = nn.LSTM(128, 64, batch_first=True)
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):  # [B, 7, 1, 128, 128]
        b, t = x.shape[:2]
        y = self.cnn(x.reshape(b * t, *x.shape[2:])).reshape(b, t, -1)
        y, _ = self.lstm(y)
        return self.fc(self.drop(y)[:, -1, :])


class StackedCnnBiLstmAttention(nn.Module):
    def __init__(self, classes=8):
        super().__init__()
        self.cnn = nn.Sequential(conv_block(1, 16, 2, 0.3), conv_block(16, 32, 4, 0.3),
                                 conv_block(32, 64, 4, 0.3))
        self.lstm = nn.LSTM(1024, 64, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(0.4)
        self.attention = Attention(128)
        self.fc = nn.Linear(128, classes)

    def forward(self, x):
        b, t = x.shape[:2]
        y = self.cnn(x.reshape(b * t, *x.shape[2:])).reshape(b, t, -1)
        y, _ = self.lstm(y)
        pooled, _ = self.attention(self.drop(y))
        return self.fc(pooled)


def conv_branch():
    return nn.Sequential(conv_block(1, 16, 2, 0.3), conv_block(16, 32, 4, 0.3),
                         conv_block(32, 64, 4, 0.3), conv_block(64, 64, 4, 0.3), nn.Flatten())


class ParallelCnnBiLstmAttention(nn.Module):
    def __init__(self, classes=8):
        super().__init__()
        self.cnn = conv_branch()
        self.pool = nn.MaxPool2d(kernel_size=[2, 4], stride=[2, 4])
        self.lstm = nn.LSTM(64, 128, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(0.1)
        self.attention = Attention(256)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):  # [B, 1, 128, 563]
        conv = self.cnn(x)
        seq = self.pool(x).squeeze(1).permute(0, 2, 1)  # [B, 140, 64]
        y, _ = self.lstm(seq)
        pooled, _ = self.attention(self.drop(y))
        return self.fc(torch.cat([conv, pooled], dim=1))


class ParallelCnnTransformer(nn.Module):
    def __init__(self, classes=8):
        super().__init__()
        self.cnn = conv_branch()
        self.pool = nn.MaxPool2d(kernel_size=[2, 4], stride=[2, 4])
        layer = nn.TransformerEncoderLayer(d_model=64, nhead=4, dim_feedforward=512, dropout=0.4,
                                           activation='relu')
        self.encoder = nn.TransformerEncoder(layer, num_layers=4, enable_nested_tensor=False)
        self.fc = nn.Linear(320, classes)

    def forward(self, x):
        conv = self.cnn(x)
        seq = self.pool(x).squeeze(1).permute(2, 0, 1)  # [140, B, 64], SEC-PyTorch's layout
        y = self.encoder(seq).mean(dim=0)
        return self.fc(torch.cat([conv, y], dim=1))


MODELS = [
    ("stacked-cnn-lstm", StackedCnnLstm, (2, 7, 1, 128, 128)),
    ("stacked-cnn-bilstm-attention", StackedCnnBiLstmAttention, (2, 7, 1, 128, 128)),
    ("parallel-cnn-bilstm-attention", ParallelCnnBiLstmAttention, (2, 1, 128, 563)),
    ("parallel-cnn-transformer", ParallelCnnTransformer, (2, 1, 128, 563)),
]


def save(out_dir, name, tensor):
    np.save(os.path.join(out_dir, name + ".npy"),
            tensor.detach().cpu().numpy().astype(np.float32))


def transformer_reference(out_dir):
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(d_model=64, nhead=4, dim_feedforward=512, dropout=0.4,
                                       activation='relu').eval()
    gen = torch.Generator().manual_seed(100)
    with torch.no_grad():
        for p in (layer.self_attn.in_proj_bias, layer.self_attn.out_proj.bias, layer.linear1.bias,
                  layer.linear2.bias, layer.norm1.bias, layer.norm2.bias):
            p.copy_(0.1 * torch.randn(p.shape, generator=gen))
        for p in (layer.norm1.weight, layer.norm2.weight):
            p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=gen))
        x = torch.randn(2, 140, 64, generator=gen)
        y = layer(x.transpose(0, 1)).transpose(0, 1)  # called as [seq, batch, d]
    tensors = {
        "in_proj_weight": layer.self_attn.in_proj_weight,
        "in_proj_bias": layer.self_attn.in_proj_bias,
        "out_proj_weight": layer.self_attn.out_proj.weight,
        "out_proj_bias": layer.self_attn.out_proj.bias,
        "linear1_weight": layer.linear1.weight, "linear1_bias": layer.linear1.bias,
        "linear2_weight": layer.linear2.weight, "linear2_bias": layer.linear2.bias,
        "norm1_weight": layer.norm1.weight, "norm1_bias": layer.norm1.bias,
        "norm2_weight": layer.norm2.weight, "norm2_bias": layer.norm2.bias,
        "input": x, "output": y,
    }
    for key, t in tensors.items():
        save(out_dir, "transformer_" + key, t)
    print("transformer reference: input", tuple(x.shape), "output", tuple(y.shape))


def bilstm_reference(out_dir):
    torch.manual_seed(1)
    lstm = nn.LSTM(64, 128, batch_first=True, bidirectional=True).eval()
    gen = torch.Generator().manual_seed(101)
    with torch.no_grad():
        x = torch.randn(2, 50, 64, generator=gen)
        y, _ = lstm(x)
    for suffix in ("", "_reverse"):
        for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            name = kind + "_l0" + suffix
            save(out_dir, "bilstm_" + name, getattr(lstm, name))
    save(out_dir, "bilstm_input", x)
    save(out_dir, "bilstm_output", y)
    print("bilstm reference: input", tuple(x.shape), "output", tuple(y.shape))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: pytorch_reference.py OUT_DIR")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    print("torch", torch.__version__)
    for name, cls, shape in MODELS:
        torch.manual_seed(0)
        model = cls(8).eval()
        count = sum(p.numel() for p in model.parameters() if p.requires_grad)
        with torch.no_grad():
            out = model(torch.randn(*shape))
        print(f"{name:30s} parameters {count:>9,d}  input {shape} -> output {tuple(out.shape)}")
    transformer_reference(out_dir)
    bilstm_reference(out_dir)
    print("wrote", len([f for f in os.listdir(out_dir) if f.endswith('.npy')]), ".npy files to", out_dir)


if __name__ == "__main__":
    main()
