"""GradLab's adaptation of Part 3.7's program 5: program 4, then eight augmented training
images drawn from a shuffled batch, with their labels."""
from torch.utils.data import DataLoader
import matplotlib.pyplot as plt

from modern import MLPWithNormalization, loaders, train

training, train_loader, val_loader = loaders()
train(MLPWithNormalization(use_batchnorm=True), train_loader, val_loader)
train(MLPWithNormalization(use_layernorm=True), train_loader, val_loader)
images, labels = next(iter(DataLoader(training, batch_size=8, shuffle=True)))
for i in range(8):
    plt.subplot(1, 8, i + 1)
    plt.imshow(images[i][0], cmap="gray")
    plt.title(str(labels[i].item()))
print("Labels drawn:", labels.tolist())
