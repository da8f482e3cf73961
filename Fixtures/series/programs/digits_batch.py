"""GradLab's adaptation of Part 2.5's exercise 3 (Mini-batching and Data Pipelines): a
shuffled batch of 32 normalized images, the first eight drawn with their labels, on the
8 x 8 digits (digits.py) instead of MNIST. As the post's program, it first builds the toy
regression dataset of the exercises before it (a draw of 100 normal numbers)."""
import torch
from torch.utils.data import DataLoader
import matplotlib.pyplot as plt

from digits import Digits, load, normalize

x = torch.linspace(-2, 2, 100).unsqueeze(1)
y = 3 * x + 1 + 0.5 * torch.randn_like(x)

images, labels = load()
loader = DataLoader(Digits(images, labels, normalize), batch_size=32, shuffle=True)
batch_images, batch_labels = next(iter(loader))
plt.figure(figsize=(8, 4))
for i in range(8):
    plt.subplot(2, 4, i + 1)
    plt.imshow(batch_images[i][0], cmap="gray")
    plt.title(f"Label: {batch_labels[i].item()}")
    plt.axis("off")
print("Labels drawn:", batch_labels[:8].tolist())
