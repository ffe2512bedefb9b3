"""Routes of the catalog domain and the rule each must declare."""

RULES = {
    "catalog_api.Listings": "api_catalog_read",
    "catalog_api.NewListing": "api_catalog_write",
    "catalog_api.OneListing": "api_catalog_read",
    "catalog_api.ChangeListing": "api_catalog_write",
    "catalog_api.PublishListing": "api_catalog_write",
    "catalog_api.PauseListing": "api_catalog_write",
    "catalog_api.ArchiveListing": "api_catalog_write",
    "catalog_api.Categories": "api_catalog_read",
}
