"""Renderers: each turns a Report into one output format and reads nothing else."""
