"""scikit-learn's bundled 8 x 8 digits in place of MNIST, for GradLab's adaptations of the
series' MNIST programs (no download). Fixtures/series/digits.txt holds the 1,797 images, one
per line: the label, a colon, then the 64 pixels (0 to 16) as the letters 0-9a-g, row by
row; generate.py writes it from sklearn.datasets.load_digits().

An image becomes a float32 tensor of shape [1, 8, 8] with values pixel / 16 (torchvision's
ToTensor scales MNIST's 0-255 to [0, 1] the same way). The first 1,437 images (80%) are
for training, the other 360 for validation.
"""
import math
import os

import torch
from torch.utils.data import Dataset

SYMBOLS = "0123456789abcdefg"
TRAINING = 1437


def load():
    """Every image, [1797, 1, 8, 8] float32, and every label, [1797] int64."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "digits.txt")
    labels, pixels = [], []
    for line in open(path):
        label, row = line.strip().split(":")
        labels.append(int(label))
        pixels.append([SYMBOLS.index(c) for c in row])
    images = torch.tensor(pixels, dtype=torch.float32).view(-1, 1, 8, 8) / 16
    return images, torch.tensor(labels)


class Digits(Dataset):
    """Images and labels, each image passed through `transform` when it is read."""

    def __init__(self, images, labels, transform=None):
        self.images, self.labels, self.transform = images, labels, transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        image = self.images[index]
        return (self.transform(image) if self.transform else image), self.labels[index]


def training_and_validation(transform=None):
    """The two datasets; `transform` applies to the training images only."""
    images, labels = load()
    return (Digits(images[:TRAINING], labels[:TRAINING], transform),
            Digits(images[TRAINING:], labels[TRAINING:]))


def normalize(image):
    """The post's Normalize((0.5,), (0.5,)): values from [0, 1] to [-1, 1]."""
    return (image - 0.5) / 0.5


def augment(image):
    """In place of RandomRotation(10) then RandomHorizontalFlip(): the image turned by an
    angle drawn uniformly in [-10, 10] degrees about its centre (each pixel takes the value
    of the source pixel nearest to where the turn brings it from; outside the image, 0),
    then mirrored left to right when a second draw is below 0.5. The angle and the source
    coordinates are computed in float64, so that any program reproduces them exactly."""
    angle = torch.empty(1).uniform_(-10, 10).item()
    mirrored = torch.rand(1).item() < 0.5
    radians = angle * (math.pi / 180)
    cos, sin = math.cos(radians), math.sin(radians)
    centred = torch.arange(8, dtype=torch.float64) - 3.5
    y, x = torch.meshgrid(centred, centred, indexing="ij")
    column = torch.round(cos * x + sin * y + 3.5).long()
    row = torch.round(cos * y - sin * x + 3.5).long()
    inside = (column >= 0) & (column < 8) & (row >= 0) & (row < 8)
    turned = torch.where(inside, image[0, row.clamp(0, 7), column.clamp(0, 7)], torch.zeros(()))
    return (turned.flip(-1) if mirrored else turned).unsqueeze(0)
