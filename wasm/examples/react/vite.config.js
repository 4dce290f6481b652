import { defineConfig } from "vite";

export default defineConfig({
  // Relative URLs, so the built page works from any folder.
  base: "./",
  // JSX without a React plugin: esbuild's automatic runtime.
  esbuild: { jsx: "automatic" },
  // The dev server's dependency pre-bundling would move the module away from its .wasm and
  // details/; `vite build` needs nothing (it follows `new URL(..., import.meta.url)`).
  optimizeDeps: { exclude: ["qiwi-error-explainer"] },
  build: { outDir: "dist", emptyOutDir: true },
});
