// The widget's screenshots in docs/: 360 px (a phone) and 1280 px, Russian and English, on the
// example page after "QWPRC-220" with the developer details open. Run by hand after
// scripts/build-wasm.sh: `node wasm/tools/screenshots.mjs`.
import { join } from "node:path";
import { serve, launch, newPage, ask, w, root } from "../tests/lib/browser.mjs";

const docs = join(root, "..", "docs");
const server = await serve();
const browser = await launch();
try {
  for (const width of [360, 1280]) {
    for (const lang of ["ru", "en"]) {
      const page = await newPage(browser, server.base, {
        viewport: { width, height: width === 360 ? 740 : 900 }, deviceScaleFactor: width === 360 ? 2 : 1, isMobile: width === 360,
      });
      await page.goto(`${server.base}/example/index.html`);
      await page.evaluate((l) => {
        document.documentElement.lang = l;
        document.querySelector("qiwi-error-explainer").setAttribute("lang", l);
        if (l === "en") {
          document.querySelector("h1").textContent = "Shop support";
          document.querySelector("#host-paragraph").textContent = "Paste an error code or an API response and we will explain what happened.";
        }
      }, lang);
      await ask(page, "QWPRC-220");
      await w(page, "article.card details.developers summary").first().click();
      await w(page, "article.card ol.steps li").first().waitFor();
      await page.evaluate(() => document.activeElement?.blur());
      const file = join(docs, `widget-${width}-${lang}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
      await page.context().close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
