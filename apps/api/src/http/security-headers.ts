import helmet from "helmet";

/**
 * helmet set up for JSON responses, after the OWASP REST Security Cheat Sheet: a CSP that allows nothing and no
 * framing, HSTS, nosniff, X-Frame-Options DENY, same-origin CORP and no referrer. helmet's other defaults only act on
 * HTML documents (DNS prefetch, IE downloads, the XSS auditor, origin-agent clusters, COOP), so only the docs page
 * gets them, through {@link docsPageHeaders}.
 */
export const apiHeaders = helmet({
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
  // The app turns X-Powered-By off itself (app.disable).
  xPoweredBy: false,
  xFrameOptions: { action: "deny" },
});

/** helmet's defaults, for the HTML docs page. */
export const docsPageHeaders = helmet();
