"""Content-Security-Policy: strict on the public site, one relaxation in the admin."""

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


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(f"/{settings.ADMIN_URL}"):
            parts.update = {**ADMIN_RELAXATION, **(parts.update or {})}
        return parts
