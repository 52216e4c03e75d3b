"""The book\x27s neural network and everything its pages compute with."""
