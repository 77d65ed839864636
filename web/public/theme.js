// Applies the theme picked in this browser (web/src/lib/theme.ts) before the first paint, so a
// dark choice never flashes light. A file, not an inline script: the CSP allows scripts of 'self' only.
try {
  var t = localStorage.getItem('parley-theme');
  if (t === 'light' || t === 'dark') document.documentElement.setAttribute('data-theme', t);
} catch (e) {
  // Storage blocked: the system's theme applies.
}
