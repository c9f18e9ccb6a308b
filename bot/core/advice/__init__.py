"""Putting numbers on the decision: order-size economics and the drafted request."""
