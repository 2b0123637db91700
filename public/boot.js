// Starts learnmap without any inline script, so that the page runs under a
// strict Content Security Policy. Trunk writes the hashed names of the
// wasm-bindgen glue and the WebAssembly module into this script's element.
const me = document.querySelector('script[data-js][data-wasm]');
const base = document.baseURI;
const { default: init } = await import(new URL(me.dataset.js, base).href);
await init({ module_or_path: new URL(me.dataset.wasm, base) });
