// Runs right after an embedded demo's root, before demos.js mounts it (a separate file, not an
// inline script, so the site's Content-Security-Policy can refuse every inline script).
// A slide-sized frame (landscape, at most 900 px tall) asks for the demo's compact pictures:
// the sigmoid grid's hidden neurons as thumbnails.
if (innerWidth > innerHeight && innerHeight <= 900) {
  for (const root of document.querySelectorAll("[data-demo]")) root.dataset.neurons = "compact";
}
