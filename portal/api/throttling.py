from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """A rate per token (each token of an account counts apart), and per account for
    the browser's session; anonymous requests are refused before they count."""

    def get_rate(self):
        # the scope depends on the request: both rates are read in allow_request
        return None

    def allow_request(self, request, view):
        if not request.user.is_authenticated:
            return True
        if request.auth is not None and hasattr(request.auth, "key_hash"):
            self.scope, ident = "token", request.auth.key_hash[:32]
        else:
            self.scope, ident = "session", f"user-{request.user.pk}"
        self.rate = self.THROTTLE_RATES.get(self.scope)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.cache_format % {"scope": self.scope, "ident": ident}
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.key
