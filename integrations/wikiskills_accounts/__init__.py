"""Wiki accounts: each learner's verified account per wiki family, so edits are graded only for their owner."""
