"""The conversation: the dialog state machine, its messages and their rendering."""
