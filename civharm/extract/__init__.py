"""Rule-based extraction from the sentences of an article: quantities, and later mentions."""
