"""GradLab's own program beside Part 3.5 of "Learn the Training Loop with PyTorch" (Large-Scale
Training: Data Parallelism and Hardware): what data parallelism computes, on one CPU.

The post trains a 20-64-1 network on random data and hands it to nn.DataParallel when there
are several GPUs. This program shows what DataParallel does with the gradients, without GPUs:
every batch is cut into equal shards, one per replica; each replica (a copy of the model with
the same weights) runs forward and backward on its shard alone; the replicas' gradients are
averaged into the model, which takes one Adam step. Here the replicas run one after the other;
GradLab's lab runs them on threads, one per replica, and prints the same numbers.

The averaged gradient is the gradient of the whole batch's mean loss (the shards are equal),
which the program checks on every step against one backward pass over the whole batch.
"""
import copy

import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
replicas = 2
inputs = torch.randn(10_000, 20)
targets = (inputs.sum(dim=1, keepdim=True) > 0).float()
loader = DataLoader(TensorDataset(inputs, targets), batch_size=128, shuffle=True)
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = optim.Adam(model.parameters(), lr=0.01)
print(f"Simulated data parallelism: {replicas} replicas, each batch cut into {replicas} equal shards")

largest_gap = 0.0
for epoch in range(3):
    total = 0.0
    for batch_inputs, batch_targets in loader:
        shard_losses = []
        copies = [copy.deepcopy(model) for _ in range(replicas)]
        for replica, shard_inputs, shard_targets in zip(copies, batch_inputs.chunk(replicas), batch_targets.chunk(replicas)):
            loss = criterion(replica(shard_inputs), shard_targets)
            loss.backward()
            shard_losses.append(loss.item())
        optimizer.zero_grad()
        criterion(model(batch_inputs), batch_targets).backward()
        for parameter, *shards in zip(model.parameters(), *(replica.parameters() for replica in copies)):
            averaged = sum(shard.grad for shard in shards) / replicas
            largest_gap = max(largest_gap, (averaged - parameter.grad).abs().max().item())
            parameter.grad = averaged
        optimizer.step()
        total += sum(shard_losses) / replicas * batch_inputs.size(0)
    print(f"Epoch {epoch + 1} | Loss: {total / len(inputs):.4f}")
print(f"Averaged replica gradients agree with the whole batch's within 1e-6: {largest_gap < 1e-6}")
