"""Reading founders' words: normalising, number roles, parsing, geography, money."""
