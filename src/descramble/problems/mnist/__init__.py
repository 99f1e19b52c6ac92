"""MNIST classifiers seen through the four fundamental subspaces (Pattichis & Pattichis 2024)."""
