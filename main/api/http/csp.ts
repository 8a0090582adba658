/**
 * The Content-Security-Policy of the UI, the same in browser mode (HTTP header) and the desktop app (header of
 * the app:// protocol). Only the app's own scripts, styles and images; no inline script, no eval, no plugins,
 * no framing, no form posts, and network access only back to the app itself (browser-mode API and events).
 * Chart.js and React set styles through the CSSOM (element.style), which CSP `style-src` does not restrict.
 * Source: W3C Content Security Policy Level 3; Electron security checklist item 7 ("Define a CSP").
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers sent with every UI response besides the CSP (no MIME sniffing, no referrer, own browsing group). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};
