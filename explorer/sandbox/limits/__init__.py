"""What stands between a client and the API: the body limit, the rate limit, injected faults."""
