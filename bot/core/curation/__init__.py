"""Curating the knowledge base: admin commands, their replies, supplier validation."""
