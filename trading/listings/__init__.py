"""Listed-price purchase (挂牌): a seller offers a non-standard lot at a fixed price on a floor."""
