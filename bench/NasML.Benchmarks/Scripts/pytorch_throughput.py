"""PyTorch eager side of `./build.sh bench throughput`.

Trains the benchmark CNN (conv 32 -> conv 64 -> linear, batch 128, SGD) on Fashion-MNIST exactly as
ThroughputBenchmark.cs does in NasML (TorchSharp): the whole training set (or its first TRAIN_SIZE images)
preloaded as one float tensor, a seeded permutation per epoch, batches gathered with index_select.

The benchmark drives it step by step so that both sides run interleaved in short chunks: the script
first prints {"ready", "torch_version", "threads"}, then reads commands on stdin and answers each with one JSON
line on stdout.
  steps N   train the next N steps (continuing through epochs) -> {"seconds", "loss_sum", "steps", "epoch"}
  rss       -> {"rss_mb"}
  quit

Usage: /usr/bin/python3 pytorch_throughput.py DATA_DIR THREADS [TRAIN_SIZE]
"""
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as handle:
        data = handle.read()
    dims = data[3]
    sizes = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(sizes)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(32, 64, 3, padding=1)
        self.fc = torch.nn.Linear(64 * 7 * 7, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


def rss_mb():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main():
    data_dir, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    images = torch.from_numpy(read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz")).copy())
    labels = torch.from_numpy(read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz")).astype(np.int64))
    if len(sys.argv) > 3:
        images, labels = images[:int(sys.argv[3])], labels[:int(sys.argv[3])]
    x_all = (images.float() / 255.0).unsqueeze(1)
    model = Net()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    batch = 128
    n = x_all.shape[0]
    epoch, position, order = 0, n, None
    print(json.dumps({"ready": True, "torch_version": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for command in sys.stdin:
        words = command.split()
        if not words or words[0] == "quit":
            break
        if words[0] == "rss":
            print(json.dumps({"rss_mb": rss_mb()}), flush=True)
            continue
        steps = int(words[1])
        start = time.perf_counter()
        loss_sum = 0.0
        for _ in range(steps):
            if position >= n:
                epoch, position, order = epoch + 1, 0, torch.randperm(n)
            index = order[position:position + batch]
            position += batch
            x = x_all.index_select(0, index)
            y = labels.index_select(0, index)
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item()
        seconds = time.perf_counter() - start
        print(json.dumps({"seconds": seconds, "loss_sum": loss_sum, "steps": steps, "epoch": epoch}), flush=True)


if __name__ == "__main__":
    main()
