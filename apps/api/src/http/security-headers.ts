import helmet from "helmet";
import { staticHeaders } from "./static-headers.js";

/**
 * helmet set up for JSON responses, after the OWASP REST Security Cheat Sheet: a CSP that allows nothing and no
 * framing, HSTS, nosniff, X-Frame-Options DENY, same-origin CORP and no referrer. helmet's other defaults only act on
 * HTML documents (DNS prefetch, IE downloads, the XSS auditor, origin-agent clusters, COOP); they would add 400 bytes
 * to every response for nothing, so only the docs page (HTML) gets them, through {@link docsPageHeaders}.
 */
export const apiHeaders = staticHeaders(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    // The app disables X-Powered-By itself; helmet would remove the absent header on every response.
    xPoweredBy: false,
    xFrameOptions: { action: "deny" },
  }),
);

/** helmet's defaults, for the HTML docs page. */
export const docsPageHeaders = staticHeaders(helmet());
