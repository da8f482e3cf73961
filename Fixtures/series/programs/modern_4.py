"""GradLab's adaptation of Part 3.7's program 4: a network with BatchNorm1d, then one with
LayerNorm, each trained on augmented digits with early stopping (modern.py)."""
from modern import MLPWithNormalization, loaders, train

training, train_loader, val_loader = loaders()
train(MLPWithNormalization(use_batchnorm=True), train_loader, val_loader)
train(MLPWithNormalization(use_layernorm=True), train_loader, val_loader)
