"""Listed-price purchase (挂牌) on the floors."""
