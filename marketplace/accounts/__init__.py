"""People, enterprises, memberships, invitations and API tokens."""
