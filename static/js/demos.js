// Mounts every interactive demo on the page: <div data-demo data-module data-state>.
// Each demo module exports mount(root, state, ctx); a failing demo shows a message and leaves the rest alone.
const lang = document.documentElement.lang === "en" ? "en" : "ja";

for (const root of document.querySelectorAll("[data-demo][data-module]")) {
  let state = {};
  try {
    state = JSON.parse(root.dataset.state || "{}");
  } catch {
    state = {};
  }
  import(root.dataset.module)
    .then((mod) => mod.mount(root, state, { lang }))
    .catch((err) => {
      console.error(err);
      root.textContent =
        lang === "ja" ? "デモを読み込めませんでした。" : "This demo could not be loaded.";
      root.classList.add("demo-error");
    });
}
