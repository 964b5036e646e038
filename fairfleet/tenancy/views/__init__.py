"""Pages of the tenancy app, one module per area. Views parse input, call selectors and services, and
render; the rules live in the services and the permission predicates."""
