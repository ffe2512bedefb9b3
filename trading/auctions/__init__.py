"""English, sealed-bid and reverse (procurement tender) auctions on a floor."""
