"""Content-Security-Policy: strict on the public site, one relaxation in the admin; the
client address that failed logins are counted against."""

import ipaddress

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings

# The admin's rich-text editor loads ES modules through an inline <script type="importmap">
# that its asset library renders without a nonce, and the admin sets inline styles. Only
# staff reach the admin, behind a login; the public site allows no inline script or style.
ADMIN_RELAXATION = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
}


# The media library's image form previews the file chosen for upload (to set its focal
# point on it) from a blob: URL, before it is sent.
ADMIN_IMAGES = ["blob:"]


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(f"/{settings.ADMIN_URL}"):
            images = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] + ADMIN_IMAGES
            relaxation = {**ADMIN_RELAXATION, "img-src": images}
            parts.update = {**relaxation, **(parts.update or {})}
        return parts


def client_ip(request):
    """The visitor's address, for django-axes (AXES_CLIENT_IP_CALLABLE).

    Without a proxy (PROXY_COUNT 0) it is REMOTE_ADDR, and X-Forwarded-For is ignored:
    anyone can send that header. Behind PROXY_COUNT proxies, each appending the address
    it received the request from (nginx's $proxy_add_x_forwarded_for), the client is the
    PROXY_COUNT-th entry from the right: the one our own outermost proxy wrote. Entries
    further left came from the client and are not trusted. A header that is missing,
    too short or not an address there falls back to REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.PROXY_COUNT
    if not count:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
