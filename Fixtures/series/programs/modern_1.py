"""GradLab's adaptation of Part 3.7's program 1: it defines what modern.py holds (the
augmentation) and prints the device."""
import modern  # noqa: F401
