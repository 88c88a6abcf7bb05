"""On-wiki editing exercises: attempts, criteria, and the batched background checker."""
