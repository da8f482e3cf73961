"""GradLab's adaptation of Part 3.7's program 2: it defines what modern.py holds (the
augmentation, the normalized network) and prints the device."""
import modern  # noqa: F401
