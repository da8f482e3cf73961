"""GradLab's adaptation of Part 3.7's program 3: it defines what modern.py holds (the
augmentation, the normalized network and early stopping) and prints the device."""
import modern  # noqa: F401
