"""Expected permission rule of every route, one module per domain (merged by test_route_permissions)."""
