"""GradLab's adaptation of Part 3.6's program (Monitoring and Debugging the Training Loop):
a 64-128-10 network trained by Adam for 8 epochs, the training loss and accuracy and the
validation loss and accuracy of every epoch printed and drawn, on the 8 x 8 digits
(digits.py) instead of MNIST."""
import torch
from torch import nn, optim
from torch.utils.data import DataLoader
import matplotlib.pyplot as plt

from digits import training_and_validation

training, validation = training_and_validation()
train_loader = DataLoader(training, batch_size=64, shuffle=True)
val_loader = DataLoader(validation, batch_size=256, shuffle=False)
model = nn.Sequential(nn.Flatten(), nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
criterion = nn.CrossEntropyLoss()
optimizer = optim.Adam(model.parameters(), lr=0.001)


def accuracy(loader):
    model.eval()
    correct, total = 0, 0
    with torch.no_grad():
        for images, labels in loader:
            correct += (model(images).argmax(dim=1) == labels).sum().item()
            total += labels.size(0)
    return correct / total


train_losses, val_losses, train_accuracies, val_accuracies = [], [], [], []
for epoch in range(8):
    model.train()
    running, correct, total = 0.0, 0, 0
    for images, labels in train_loader:
        optimizer.zero_grad()
        outputs = model(images)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        running += loss.item() * images.size(0)
        correct += (outputs.argmax(dim=1) == labels).sum().item()
        total += labels.size(0)
    train_losses.append(running / total)
    train_accuracies.append(correct / total)
    model.eval()
    val_loss, seen = 0.0, 0
    with torch.no_grad():
        for images, labels in val_loader:
            val_loss += criterion(model(images), labels).item() * images.size(0)
            seen += images.size(0)
    val_losses.append(val_loss / seen)
    val_accuracies.append(accuracy(val_loader))
    print(f"Epoch {epoch + 1}: Train Loss={train_losses[-1]:.4f}, Train Acc={train_accuracies[-1]:.4f}, "
          f"Val Loss={val_losses[-1]:.4f}, Val Acc={val_accuracies[-1]:.4f}")

epochs = list(range(1, 9))
plt.subplot(1, 2, 1)
plt.plot(epochs, train_losses, label="Train Loss")
plt.plot(epochs, val_losses, label="Validation Loss")
plt.subplot(1, 2, 2)
plt.plot(epochs, train_accuracies, label="Train Acc")
plt.plot(epochs, val_accuracies, label="Val Acc")
