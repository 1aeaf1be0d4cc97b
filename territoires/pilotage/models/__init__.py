"""Models of the pilotage's own readers (elected officials); none of the domains' objects."""
