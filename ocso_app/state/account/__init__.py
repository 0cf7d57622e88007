"""States of the login steps every space shares: the second factor and the first real password."""
