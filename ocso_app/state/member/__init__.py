"""States of the Espace Santé Assuré: ``base`` (the member guard and the shell every page loads), then one
module and one state per page."""
