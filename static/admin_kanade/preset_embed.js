// The preset page's embed code is selected when it takes focus, ready to copy. A file rather
// than an inline onfocus handler: the site's Content-Security-Policy refuses inline scripts.
document.addEventListener("focusin", (event) => {
  if (event.target.matches && event.target.matches("[data-select-on-focus]")) {
    event.target.select();
  }
});
