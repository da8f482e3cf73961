"""What GradLab's adaptations of Part 3.7's programs (Modern Regularization and
Generalization Techniques) share, on the 8 x 8 digits (digits.py) instead of MNIST: the
augmentation of the training images, a 64-128-10 network with an optional BatchNorm1d or
LayerNorm after its first layer, early stopping on the validation loss, and the training
loop that prints each epoch's validation loss and accuracy."""
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader

from digits import augment, training_and_validation

print("Using device: cpu")


class MLPWithNormalization(nn.Module):
    def __init__(self, use_batchnorm=False, use_layernorm=False):
        super().__init__()
        self.fc1 = nn.Linear(64, 128)
        self.norm = nn.BatchNorm1d(128) if use_batchnorm else nn.LayerNorm(128) if use_layernorm else None
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.fc1(x.view(x.size(0), -1))
        if self.norm is not None:
            x = self.norm(x)
        return self.fc2(F.relu(x))


class EarlyStopping:
    """Stops when the validation loss has not improved by more than `min_delta` for
    `patience` epochs in a row."""

    def __init__(self, patience=5, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best, self.waited = None, 0

    def __call__(self, val_loss):
        if self.best is None or val_loss < self.best - self.min_delta:
            self.best, self.waited = val_loss, 0
        else:
            self.waited += 1
        return self.waited >= self.patience


def train(model, train_loader, val_loader, epochs=30, lr=1e-3, patience=5):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    criterion = nn.CrossEntropyLoss()
    stopper = EarlyStopping(patience)
    for epoch in range(1, epochs + 1):
        model.train()
        for images, labels in train_loader:
            optimizer.zero_grad()
            criterion(model(images), labels).backward()
            optimizer.step()
        model.eval()
        val_loss, correct, total = 0.0, 0, 0
        with torch.no_grad():
            for images, labels in val_loader:
                outputs = model(images)
                val_loss += criterion(outputs, labels).item()
                correct += (outputs.argmax(dim=1) == labels).sum().item()
                total += labels.size(0)
        val_loss /= len(val_loader)
        print(f"Epoch {epoch}: val_loss={val_loss:.4f}, val_acc={correct / total:.4f}")
        if stopper(val_loss):
            print(f"No improvement after {patience} epochs. Stopping early.")
            break


def loaders():
    training, validation = training_and_validation(augment)
    return training, DataLoader(training, batch_size=64, shuffle=True), DataLoader(validation, batch_size=256)
