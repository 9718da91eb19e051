"""PyTorch eager side of `./build.sh bench throughput`.

Trains the benchmark CNN (conv 32 -> conv 64 -> linear, batch 128, SGD) on Fashion-MNIST exactly as
ThroughputBenchmark.cs does in NasML: the whole training set preloaded as one float tensor, a seeded
permutation per epoch, batches gathered with index_select. Prints one JSON line per epoch.

Usage: /usr/bin/python3 pytorch_throughput.py DATA_DIR THREADS EPOCHS
"""
import gzip
import json
import os
import resource
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
    data_dir, threads, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    images = torch.from_numpy(read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz")).copy())
    labels = torch.from_numpy(read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz")).astype(np.int64))
    x_all = (images.float() / 255.0).unsqueeze(1)
    model = Net()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    batch = 128
    n = x_all.shape[0]
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(n)
        total_loss = 0.0
        steps = 0
        for i in range(0, n, batch):
            index = order[i:i + batch]
            x = x_all.index_select(0, index)
            y = labels.index_select(0, index)
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            total_loss += loss.item()
            steps += 1
        seconds = time.perf_counter() - start
        print(json.dumps({"epoch": epoch, "seconds": seconds, "images_per_second": n / seconds,
                          "loss": total_loss / steps, "rss_mb": rss_mb()}), flush=True)


if __name__ == "__main__":
    main()
